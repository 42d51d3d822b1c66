using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>
/// One counter of one aggregate row (<c>total</c>, or <c>cell|{month}|…</c>) that differs from the count
/// recomputed from the reports; or (row <c>copy</c>) a counter, or the <c>version</c>, of the copy on the
/// plan list that differs from the plan's total row.
/// </summary>
public sealed record CounterDrift(string Row, string Counter, long Stored, long Expected);

/// <summary>A plan whose aggregates drifted from its reports, and whether it was repaired.</summary>
public sealed record PlanDrift(string PlanKey, IReadOnlyList<CounterDrift> Differences, bool Repaired);

/// <summary>What a reconciliation checked and found.</summary>
public sealed record ReconcileReport(int PlansChecked, int ReportsCounted, IReadOnlyList<PlanDrift> Drift);

/// <summary>
/// Rebuild and reconcile: recomputes a plan's aggregates from its stored reports, compares them with the
/// stored aggregate rows, and (when asked) writes the recomputed values under the ETags it read, so a
/// report counted meanwhile makes the write fail and the plan is recomputed again. Then it compares the
/// copy of the total on the plan list with the total row, and repairs that too.
/// </summary>
public sealed partial class PlanAuditor
{
    private const string CopyRow = "copy";
    private const int MaxCopyAttempts = 8;
    private readonly PlanStore _store;
    private readonly ResiliencePipeline _rebuild;
    private readonly ILogger<PlanAuditor> _logger;

    internal PlanAuditor(PlanStore store, ResiliencePipelineProvider<string> pipelines, ILogger<PlanAuditor> logger)
    {
        _store = store;
        _rebuild = pipelines.GetPipeline(SurveyPipelines.Rebuild);
        _logger = logger;
    }

    /// <summary>As <see cref="ReconcileAsync"/>, but null when <paramref name="planKey"/> names a plan with nothing stored (an unknown plan).</summary>
    public async Task<ReconcileReport?> ReconcileKnownAsync(string? planKey, bool repair, CancellationToken cancellationToken)
        => planKey is not null && !await _store.IsKnownAsync(planKey, cancellationToken) ? null : await ReconcileAsync(planKey, repair, cancellationToken);

    /// <summary>Checks one plan, or every plan when <paramref name="planKey"/> is null; repairs drift when <paramref name="repair"/>.</summary>
    public async Task<ReconcileReport> ReconcileAsync(string? planKey, bool repair, CancellationToken cancellationToken)
    {
        var plans = planKey is null ? await _store.ListPlanKeysAsync(cancellationToken) : [planKey];
        var drift = new List<PlanDrift>();
        var reports = 0;
        foreach (var plan in plans)
        {
            var (differences, counted) = await CheckAsync(plan, repair, cancellationToken);
            differences = [.. differences, .. await CheckCopyAsync(plan, repair, cancellationToken)];
            reports += counted;
            if (differences.Count > 0)
            {
                drift.Add(new PlanDrift(plan, differences, repair));
                LogDrift(_logger, plan, differences.Count, repair);
            }
        }

        return new ReconcileReport(plans.Count, reports, drift);
    }

    private async Task<(IReadOnlyList<CounterDrift> Differences, int Reports)> CheckAsync(string planKey, bool repair, CancellationToken cancellationToken)
    {
        IReadOnlyList<CounterDrift> firstFound = [];
        var reportCount = 0;
        var first = true;
        await _rebuild.ExecuteAsync(
            async token =>
            {
                var current = await _store.ReadAggregatesAsync(planKey, token);
                var reports = await _store.ReadReportsAsync(planKey, token).ToListAsync(token);
                var expected = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
                if (reports.Count > 0)
                {
                    // With the cell keys, from each report's stored record key, so a rebuild keeps the published noise.
                    expected[PlanStore.TotalRowKey] = ReportCounters.Sum(reports.Select(r => (r.Report, r.RecordKey)));
                    foreach (var cell in reports.GroupBy(r => Cell.Of(r.Report)))
                    {
                        expected[PlanStore.CellRowKey(cell.Key)] = ReportCounters.Sum(cell.Select(r => (r.Report, r.RecordKey)));
                    }
                }

                var differences = Compare(current, expected);
                if (first)
                {
                    // Report what was found at the first look, not what is left after a retried repair.
                    (firstFound, reportCount, first) = (differences, reports.Count, false);
                }

                if (repair && differences.Count > 0)
                {
                    var earliest = reports.OrderBy(r => r.ReceivedAt).FirstOrDefault()?.Report;
                    await _store.ReplaceAggregatesAsync(planKey, current, expected, (earliest?.Insurer ?? string.Empty, earliest?.Plan), token);
                }
            },
            cancellationToken);
        return (firstFound, reportCount);
    }

    private async Task<IReadOnlyList<CounterDrift>> CheckCopyAsync(string planKey, bool repair, CancellationToken cancellationToken)
    {
        IReadOnlyList<CounterDrift>? firstFound = null;
        for (var attempt = 1; attempt <= MaxCopyAttempts; attempt++)
        {
            // The copy is read before the total: a commit between the two reads rewrites the copy, so
            // the repair's ETag no longer matches and the repair looks again rather than going backwards.
            var (copy, etag) = await _store.ReadCopyAsync(planKey, cancellationToken);
            var total = await _store.ReadTotalRowAsync(planKey, cancellationToken);
            var differences = CompareCopy(copy, total);
            firstFound ??= differences;
            if (!repair || differences.Count == 0 || await _store.RepairCopyAsync(planKey, total, etag, cancellationToken))
            {
                break;
            }
        }

        return firstFound ?? [];
    }

    private static List<CounterDrift> CompareCopy(AggregateRow? copy, AggregateRow? total)
    {
        var differences = new List<CounterDrift>();
        IReadOnlyDictionary<string, long> stored = copy?.Stored() ?? new Dictionary<string, long>();
        IReadOnlyDictionary<string, long> wanted = total is null ? new Dictionary<string, long>() : ReportCounters.ListForm(total.Stored());
        foreach (var counter in stored.Keys.Union(wanted.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (have, want) = (stored.GetValueOrDefault(counter), wanted.GetValueOrDefault(counter));
            if (have != want)
            {
                differences.Add(new CounterDrift(CopyRow, counter, have, want));
            }
        }

        // A copy with a version the total row does not have would refuse (or take) the next commits' copies wrongly.
        if (copy is not null && total is not null && copy.Version != total.Version)
        {
            differences.Add(new CounterDrift(CopyRow, "version", copy.Version, total.Version));
        }

        return differences;
    }

    private static List<CounterDrift> Compare(IReadOnlyDictionary<string, AggregateRow> current, Dictionary<string, Dictionary<string, long>> expected)
    {
        var differences = new List<CounterDrift>();
        foreach (var row in current.Keys.Union(expected.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            IReadOnlyDictionary<string, long> stored = current.TryGetValue(row, out var r) ? r.Stored() : new Dictionary<string, long>();
            var wanted = expected.GetValueOrDefault(row) ?? new Dictionary<string, long>();
            foreach (var counter in stored.Keys.Union(wanted.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var (have, want) = (stored.GetValueOrDefault(counter), wanted.GetValueOrDefault(counter));
                if (have != want)
                {
                    differences.Add(new CounterDrift(row == PlanStore.TotalRowKey ? "total" : row[PlanStore.AggregatePrefix.Length..], counter, have, want));
                }
            }
        }

        return differences;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plan {PlanKey}: {Count} aggregate counters differ from the stored reports (repaired: {Repaired})")]
    private static partial void LogDrift(ILogger logger, string planKey, int count, bool repaired);
}
