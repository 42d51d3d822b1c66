using Microsoft.Extensions.Options;
using Survey.Shared.Aggregation;

namespace Survey.Shared.Stats;

/// <summary>
/// The statistics anyone may read: counts per catalogue plan, with small-cell and complementary suppression.
/// <list type="bullet">
/// <item>Only <b>verified (catalogue) plans</b> are published. An unverified plan is named by what a family
/// typed (free text), so it is left out entirely, with its counts; nothing sums across plans, so leaving it out
/// changes no other number.</item>
/// <item>Only <b>counts</b>: no rates, out-of-pocket amounts, denial reasons, advocacy actions or
/// "told covered" answers. Rates and medians are functions of small numbers and would leak them; the other
/// counters are not part of the additive groups checked here.</item>
/// <item>Plans are ordered by insurer and plan name, not by reports, so the order says nothing about a
/// suppressed total.</item>
/// </list>
/// Suppression protects one table. Two answers to different filters (months, role, setting, …) could be
/// subtracted from one another, so the public endpoint serves one table only: all time, no filters.
/// <para>Against padding (add reports to a suppressed cell, read, subtract, withdraw them) the figures are
/// never live: a timer takes a frozen snapshot (<see cref="PublicSnapshotStore"/>, schedule
/// <c>Survey:Public:SnapshotSchedule</c>), and every published count is perturbed by its cell key
/// (<see cref="CellKeyPerturbation"/>). Suppression is decided on the true counts.</para>
/// </summary>
public sealed class PublicStatsService
{
    private readonly PlanStatsReader _reader;
    private readonly PublicSnapshotStore _snapshots;
    private readonly IOptions<PublicStatsOptions> _options;
    private readonly TimeProvider _time;

    internal PublicStatsService(PlanStatsReader reader, PublicSnapshotStore snapshots, IOptions<PublicStatsOptions> options, TimeProvider time)
    {
        _reader = reader;
        _snapshots = snapshots;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// The public statistics as the latest snapshot holds them; before the first snapshot, no plans and no
    /// <see cref="PublicStatsAnswer.AsOf"/>. A read never computes figures, so reading does not move them.
    /// </summary>
    public async Task<PublicStatsAnswer> GetAsync(CancellationToken cancellationToken)
        => await _snapshots.ReadLatestAsync(cancellationToken) ?? new PublicStatsAnswer(_options.Value.SuppressBelowOrEqual, []);

    /// <summary>Takes a snapshot of the public statistics now (the timer, or the committee through the admin route) and returns it.</summary>
    public async Task<PublicStatsAnswer> TakeSnapshotAsync(CancellationToken cancellationToken)
    {
        var answer = Publish(await _reader.ListWithCellKeysAsync(cancellationToken), _options.Value.SuppressBelowOrEqual) with { AsOf = _time.GetUtcNow() };
        await _snapshots.SaveAsync(answer, cancellationToken);
        return answer;
    }

    /// <summary>The public answer for the committee's statistics without cell keys (every cell key 0).</summary>
    public static PublicStatsAnswer Publish(PlanStatsList stats, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return Publish(stats.Plans.Select(p => (p, (IReadOnlyDictionary<string, long>)new Dictionary<string, long>())), suppressBelowOrEqual);
    }

    /// <summary>
    /// The public answer for the committee's statistics: catalogue plans only, by name, each suppressed on its true
    /// counts and then perturbed by its cell keys (<see cref="Perturb"/>).
    /// </summary>
    public static PublicStatsAnswer Publish(IEnumerable<(PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)> stats, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var plans = stats
            .Where(p => p.Plan.Verified)
            .OrderBy(p => p.Plan.Insurer, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Plan.Plan ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Plan.PlanKey, StringComparer.Ordinal)
            .Select(p => Perturb(Suppress(p.Plan, suppressBelowOrEqual), p.CellKeys, suppressBelowOrEqual))
            .ToList();
        return new PublicStatsAnswer(suppressBelowOrEqual, plans);
    }

    /// <summary>
    /// The suppressed plan with every published count perturbed by the cell key of its counter
    /// (<paramref name="cellKeys"/>: the <c>key:</c> sums of the plan's total; a missing one counts as 0).
    /// Suppressed counts stay suppressed and zeros stay 0.
    /// </summary>
    public static PublicPlanStats Perturb(PublicPlanStats plan, IReadOnlyDictionary<string, long> cellKeys, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cellKeys);
        PublicCount Noisy(PublicCount count, string counter) => count.Value is { } value
            ? PublicCount.Of(CellKeyPerturbation.Publish(value, CellKeyPerturbation.CellKeyOf(cellKeys.GetValueOrDefault(ReportCounters.CellKey(counter))), suppressBelowOrEqual))
            : count;
        return plan with
        {
            Reports = Noisy(plan.Reports, ReportCounters.Reports),
            BySetting = plan.BySetting.ToDictionary(
                s => s.Key,
                s => new PublicSettingStats(
                    Noisy(s.Value.Reports, ReportCounters.Setting(s.Key)),
                    s.Value.Outcomes.ToDictionary(o => o.Key, o => Noisy(o.Value, ReportCounters.SettingOutcome(s.Key, o.Key)), StringComparer.Ordinal)),
                StringComparer.Ordinal),
            ByRole = plan.ByRole.ToDictionary(r => r.Key, r => Noisy(r.Value, ReportCounters.Role(r.Key)), StringComparer.Ordinal),
            PriorAuthorizationRequired = plan.PriorAuthorizationRequired.ToDictionary(a => a.Key, a => Noisy(a.Value, ReportCounters.PriorAuthorization(a.Key)), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// One plan's counts as the public may see them: counts from 1 to <paramref name="suppressBelowOrEqual"/>
    /// suppressed, then enough other counts suppressed that none of them can be worked out from the rest
    /// (<see cref="CellSuppression"/>). Zero is published as 0. Pure; the names are copied as they are.
    /// </summary>
    public static PublicPlanStats Suppress(PlanStats plan, int suppressBelowOrEqual)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(suppressBelowOrEqual, 1);
        var paths = new List<string>();
        var values = new List<long>();
        int Cell(string path, long value)
        {
            paths.Add(path);
            values.Add(value);
            return paths.Count - 1;
        }

        var total = Cell("reports", plan.Reports);
        var settings = plan.BySetting
            .Select(s => (
                Setting: s.Key,
                Reports: Cell($"bySetting.{s.Key}.reports", s.Value.Reports),
                Outcomes: s.Value.Outcomes.Select(o => (Outcome: o.Key, Cell: Cell($"bySetting.{s.Key}.outcomes.{o.Key}", o.Value))).ToList()))
            .ToList();
        var roles = plan.ByRole.Select(r => (Role: r.Key, Cell: Cell($"byRole.{r.Key}", r.Value))).ToList();
        var priorAuth = plan.PriorAuthorizationRequired.Select(a => (Answer: a.Key, Cell: Cell($"priorAuthorizationRequired.{a.Key}", a.Value))).ToList();

        var groups = new List<AdditiveGroup> { new(total, settings.Select(s => s.Reports).ToList()) };
        groups.AddRange(settings.Select(s => new AdditiveGroup(s.Reports, s.Outcomes.Select(o => o.Cell).ToList())));
        groups.Add(new AdditiveGroup(total, roles.Select(r => r.Cell).ToList()));
        groups.Add(new AdditiveGroup(total, priorAuth.Select(a => a.Cell).ToList()));

        var suppressed = CellSuppression.Suppress(values, groups, suppressBelowOrEqual);
        PublicCount Count(int cell) => suppressed[cell] ? PublicCount.Suppressed : PublicCount.Of(values[cell]);
        return new PublicPlanStats(
            plan.PlanKey,
            plan.Insurer,
            plan.Plan,
            Count(total),
            settings.ToDictionary(s => s.Setting, s => new PublicSettingStats(Count(s.Reports), s.Outcomes.ToDictionary(o => o.Outcome, o => Count(o.Cell), StringComparer.Ordinal)), StringComparer.Ordinal),
            roles.ToDictionary(r => r.Role, r => Count(r.Cell), StringComparer.Ordinal),
            priorAuth.ToDictionary(a => a.Answer, a => Count(a.Cell), StringComparer.Ordinal),
            paths.Where((_, cell) => suppressed[cell]).ToList());
    }
}
