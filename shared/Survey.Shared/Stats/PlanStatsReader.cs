using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
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
    private readonly PlanCatalogue _catalogue;

    internal PlanStatsReader(PlanStore store, PlanCatalogue catalogue)
    {
        _store = store;
        _catalogue = catalogue;
    }

    public async Task<PlanStatsList> ListAsync(CancellationToken cancellationToken)
    {
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        var plans = await _store.ListPlanKeysAsync(cancellationToken);
        var stats = new PlanStats?[plans.Count];
        await Parallel.ForAsync(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var total = await _store.ReadTotalAsync(plans[i], token);
            stats[i] = total is null ? null : ToPlanStats(plans[i], total, catalogue);
        });

        // A plan listed by a delivery that crashed before counting has no totals yet: not shown.
        var shown = stats.OfType<PlanStats>()
            .OrderByDescending(p => p.Reports)
            .ThenBy(p => p.PlanKey, StringComparer.Ordinal)
            .ToList();
        return new PlanStatsList(shown);
    }

    /// <summary>The catalogue with report counts, and the unverified names with theirs (most reports first).</summary>
    public async Task<CatalogueListing> ListCatalogueAsync(CancellationToken cancellationToken)
    {
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        var stats = (await ListAsync(cancellationToken)).Plans;
        var reports = stats.ToDictionary(p => p.PlanKey, p => p.Reports, StringComparer.Ordinal);
        var plans = catalogue.Plans.Values
            .Select(p => new CatalogueEntry(
                p.PlanKey, p.InsurerKey, catalogue.InsurerOf(p).Name, p.Plan, p.PlanType, p.State, p.IsDefault, p.Names, p.Aliases, p.MergedInto,
                reports.GetValueOrDefault(p.PlanKey)))
            .OrderBy(p => p.Insurer, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.IsDefault ? 0 : 1)
            .ThenBy(p => p.Plan, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var unverified = stats.Where(p => !p.Verified).Select(p => new UnverifiedEntry(p.PlanKey, p.Insurer, p.Plan, p.Reports)).ToList();
        return new CatalogueListing(plans, unverified);
    }

    /// <summary>The plan with its months, or null for a plan with no reports.</summary>
    public async Task<PlanDetailStats?> GetAsync(string planKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        var totalTask = _store.ReadTotalAsync(planKey, cancellationToken);
        var monthsTask = _store.ReadMonthsAsync(planKey, cancellationToken);
        var total = await totalTask;
        var months = await monthsTask;
        if (total is null)
        {
            return null;
        }

        return new PlanDetailStats(
            ToPlanStats(planKey, total, catalogue),
            months.ToDictionary(m => m.Key, m => new MonthStats(Count(m.Value.Counts, ReportCounters.Reports), BySetting(m.Value.Counts))));
    }

    private static PlanStats ToPlanStats(string planKey, AggregateRow total, CatalogueSnapshot catalogue)
    {
        var known = catalogue.Plans.GetValueOrDefault(planKey);
        return new(
            planKey,
            known is null ? total.Insurer ?? string.Empty : catalogue.InsurerOf(known).Name,
            known is null ? total.Plan : known.Plan,
            known is not null,
            Count(total.Counts, ReportCounters.Reports),
            BySetting(total.Counts),
            ReportSchema.ReporterRoles.ToDictionary(r => r, r => Count(total.Counts, ReportCounters.Role(r))),
            ReportSchema.YesNoUnknown.ToDictionary(a => a, a => Count(total.Counts, ReportCounters.PriorAuthorization(a))));
    }

    private static Dictionary<string, SettingStats> BySetting(IReadOnlyDictionary<string, long> counts)
        => ReportSchema.Settings.ToDictionary(
            s => s,
            s => new SettingStats(
                Count(counts, ReportCounters.Setting(s)),
                ReportSchema.Outcomes.ToDictionary(o => o, o => Count(counts, ReportCounters.SettingOutcome(s, o)))));

    private static long Count(IReadOnlyDictionary<string, long> counts, string counter) => counts.GetValueOrDefault(counter);
}
