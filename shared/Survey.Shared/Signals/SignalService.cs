using Survey.Shared.Briefs;
using Survey.Shared.Aggregation;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Html;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Shared.Signals;

/// <summary>What a recompute did: whether the plans had changed since the last one, and the signals it found, new and withdrawn.</summary>
public sealed record RecomputeResult(bool Recomputed, int Active, int New, int Withdrawn);

/// <summary>
/// Finds and keeps the signals. A recompute reads the plan list (one query); when no plan's aggregate version changed
/// since the last recompute (counting, merges, withdrawals and rebuilds all change it), it stops there. Otherwise it
/// reads every plan's cells (the month-of-service aggregates, never reports), tests all series together
/// (<see cref="ChangeDetector"/>), and stores what changed: new signals, moved or re-measured ones, and those that no
/// longer hold, which are marked withdrawn and kept.
/// </summary>
public sealed partial class SignalService
{
    private const int ParallelReads = 16;
    private readonly SignalStore _store;
    private readonly PlanStore _plans;
    private readonly PlanStatsReader _stats;
    private readonly TimeProvider _time;
    private readonly SignalOptions _options;
    private readonly ILogger<SignalService> _logger;

    internal SignalService(SignalStore store, PlanStore plans, PlanStatsReader stats, TimeProvider time, IOptions<SignalOptions> options, ILogger<SignalService> logger)
    {
        _store = store;
        _plans = plans;
        _stats = stats;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// The signals. Without filters, the stored ones (active and withdrawn), by one partition query. With filters,
    /// the series of the matching cells are tested now (the months <c>from</c>–<c>to</c>, the reports of that state,
    /// role, setting, plan type and funding); a signal found so keeps the first-detected time of its stored
    /// counterpart.
    /// </summary>
    public async Task<SignalList> ListAsync(StatsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var stored = await _store.ListAsync(cancellationToken);
        var (_, computedAt) = await _store.ReadStateAsync(cancellationToken);
        if (filter.IsEmpty)
        {
            return new SignalList(Order(stored.Select(s => s.Signal)), computedAt);
        }

        var now = _time.GetUtcNow();
        var known = stored.Where(s => s.Signal.IsActive).ToDictionary(s => s.Signal.Key, s => s.Signal.FirstDetected, StringComparer.Ordinal);
        var live = await DetectAsync(filter, now, cancellationToken);
        return new SignalList(Order(live.Select(s => s with { FirstDetected = known.GetValueOrDefault(s.Key, now) })), now);
    }

    /// <summary>The active signals of one plan, or of all plans (for the dashboard).</summary>
    public async Task<IReadOnlyList<Signal>> ActiveAsync(CancellationToken cancellationToken)
        => Order((await _store.ListAsync(cancellationToken)).Select(s => s.Signal).Where(s => s.IsActive));

    /// <summary>Recomputes the signals when any plan's aggregates changed since the last recompute (always when <paramref name="force"/>).</summary>
    public async Task<RecomputeResult> RecomputeAsync(bool force, CancellationToken cancellationToken)
    {
        // The fingerprint is read before the cells: a report counted meanwhile changes it, so the next run looks again.
        var fingerprint = Fingerprint(await _plans.ListTotalsAsync(cancellationToken));
        var (last, _) = await _store.ReadStateAsync(cancellationToken);
        if (!force && string.Equals(last, fingerprint, StringComparison.Ordinal))
        {
            return new RecomputeResult(false, 0, 0, 0);
        }

        var now = _time.GetUtcNow();
        var stored = (await _store.ListAsync(cancellationToken)).ToDictionary(s => s.Signal.Key, s => s.Signal, StringComparer.Ordinal);
        var found = await DetectAsync(StatsFilter.None, now, cancellationToken);
        var changed = new List<Signal>();
        var fresh = 0;
        foreach (var signal in found)
        {
            var previous = stored.GetValueOrDefault(signal.Key);
            var current = previous is { IsActive: true } ? signal with { FirstDetected = previous.FirstDetected } : signal;
            fresh += previous is { IsActive: true } ? 0 : 1;
            if (current != previous)
            {
                changed.Add(current);
            }
        }

        var holding = found.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var withdrawn = stored.Values.Where(s => s.IsActive && !holding.Contains(s.Key)).Select(s => s with { Status = Signal.Withdrawn, WithdrawnAt = now }).ToList();
        changed.AddRange(withdrawn);
        await _store.SaveAsync(changed, cancellationToken);
        await _store.WriteStateAsync(fingerprint, now, cancellationToken);
        LogRecomputed(_logger, found.Count, fresh, withdrawn.Count);
        return new RecomputeResult(true, found.Count, fresh, withdrawn.Count);
    }

    /// <summary>Tests every plan's series over the cells matching <paramref name="filter"/>, all together.</summary>
    private async Task<IReadOnlyList<Signal>> DetectAsync(StatsFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plans = (await _stats.ListAsync(cancellationToken)).Plans;
        var series = new IReadOnlyList<SeriesTest>[plans.Count];
        await Parallel.ForAsync(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var months = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            foreach (var (cell, counts) in await _plans.ReadCellsAsync(plans[i].PlanKey, filter.From, filter.To, token))
            {
                if (filter.Matches(cell))
                {
                    if (!months.TryGetValue(cell.Month, out var sum))
                    {
                        months[cell.Month] = sum = new Dictionary<string, long>(StringComparer.Ordinal);
                    }

                    CounterSums.Add(sum, counts);
                }
            }

            series[i] = SignalSeries.Of(plans[i].PlanKey, months.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, long>)m.Value, StringComparer.Ordinal)).ToList();
        });

        var names = plans.ToDictionary(p => p.PlanKey, StringComparer.Ordinal);
        return ChangeDetector.Detect(series.SelectMany(s => s), _options.Detector)
            .Select(d => ToSignal(d, names[d.Test.PlanKey], _options.FalseDiscoveryRate, now))
            .ToList();
    }

    internal static Signal ToSignal(Detection detection, PlanStats plan, double falseDiscoveryRate, DateTimeOffset now)
    {
        var test = detection.Test;
        return new Signal(
            test.PlanKey,
            plan.Insurer,
            plan.Plan,
            test.Setting,
            test.Measure,
            detection.After.Rate > detection.Before.Rate ? "up" : "down",
            detection.Month,
            detection.Before,
            detection.After,
            detection.QValue,
            detection.QValue <= falseDiscoveryRate / 100 ? Signal.Strong : Signal.Moderate,
            Signal.Active,
            now,
            null,
            BriefLink(test.PlanKey, test.Setting, detection.Month));
    }

    /// <summary>The plan's brief at the change month, in the signal's setting: a committee page, no secret in it.</summary>
    internal static string BriefLink(string planKey, string setting, string month)
        => BriefLinks.Link(planKey, setting == SignalSeries.AllSettings ? StatsFilter.None : new StatsFilter(Setting: setting), month);

    /// <summary>Active first, strongest (smallest q-value) first, then by plan, setting and measure.</summary>
    internal static IReadOnlyList<Signal> Order(IEnumerable<Signal> signals) => signals
        .OrderBy(s => s.IsActive ? 0 : 1)
        .ThenBy(s => s.QValue)
        .ThenBy(s => s.Key, StringComparer.Ordinal)
        .ToList();

    /// <summary>What the plan list says of every plan's aggregates: each plan's key and version, hashed.</summary>
    private static string Fingerprint(IReadOnlyList<(string PlanKey, AggregateRow? Total)> plans)
    {
        var text = new StringBuilder();
        foreach (var (planKey, total) in plans.OrderBy(p => p.PlanKey, StringComparer.Ordinal))
        {
            text.Append(planKey).Append(':').Append(total?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append(':')
                .Append(total?.Counts.GetValueOrDefault(Aggregation.ReportCounters.Reports).ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signals recomputed: {Active} active, {New} new, {Withdrawn} withdrawn")]
    private static partial void LogRecomputed(ILogger logger, int active, int @new, int withdrawn);
}
