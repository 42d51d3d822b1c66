using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Stats;

/// <summary>
/// Reads plan statistics from the aggregate rows only: the cost of a read depends on the number of
/// plans and months, never on the number of reports.
/// </summary>
public sealed class PlanStatsReader
{
    private const int ParallelReads = 16;
    private readonly PlanStore _store;

    internal PlanStatsReader(PlanStore store) => _store = store;

    public async Task<PlanStatsList> ListAsync(CancellationToken cancellationToken)
    {
        var plans = await _store.ListPlanKeysAsync(cancellationToken);
        var stats = new PlanStats?[plans.Count];
        await Parallel.ForAsync(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var total = await _store.ReadTotalAsync(plans[i], token);
            stats[i] = total is null ? null : ToPlanStats(plans[i], total);
        });

        // A plan listed by a delivery that crashed before counting has no totals yet: not shown.
        var shown = stats.OfType<PlanStats>()
            .OrderByDescending(p => p.Reports)
            .ThenBy(p => p.PlanKey, StringComparer.Ordinal)
            .ToList();
        return new PlanStatsList(shown);
    }

    /// <summary>The plan with its months, or null for a plan with no reports.</summary>
    public async Task<PlanDetailStats?> GetAsync(string planKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        var totalTask = _store.ReadTotalAsync(planKey, cancellationToken);
        var monthsTask = _store.ReadMonthsAsync(planKey, cancellationToken);
        var total = await totalTask;
        var months = await monthsTask;
        if (total is null)
        {
            return null;
        }

        return new PlanDetailStats(
            ToPlanStats(planKey, total),
            months.ToDictionary(m => m.Key, m => new MonthStats(Count(m.Value.Counts, ReportCounters.Reports), BySetting(m.Value.Counts))));
    }

    private static PlanStats ToPlanStats(string planKey, AggregateRow total)
        => new(
            planKey,
            total.Insurer ?? string.Empty,
            total.Plan,
            Count(total.Counts, ReportCounters.Reports),
            BySetting(total.Counts),
            ReportSchema.ReporterRoles.ToDictionary(r => r, r => Count(total.Counts, ReportCounters.Role(r))),
            ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(total.Counts, ReportCounters.PriorAuthorization(a))));

    private static Dictionary<string, SettingStats> BySetting(IReadOnlyDictionary<string, long> counts)
        => ReportSchema.Settings.ToDictionary(
            s => s,
            s => new SettingStats(
                Count(counts, ReportCounters.Setting(s)),
                ReportSchema.Outcomes.ToDictionary(o => o, o => Count(counts, ReportCounters.SettingOutcome(s, o)))));

    private static long Count(IReadOnlyDictionary<string, long> counts, string counter) => counts.GetValueOrDefault(counter);
}
