using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;
using Survey.Shared.Storage;

namespace Survey.Shared.Stats;

/// <summary>A plan's measures month by month, for the timeline export.</summary>
public sealed record PlanMonths(PlanStats Plan, IReadOnlyDictionary<string, Measures> Months);

/// <summary>
/// Reads plan statistics from the aggregate rows only, never from report rows. The plan list without
/// filters is ONE query of the plan list, whose rows carry a copy of each plan's total (so it never reads a
/// partition that holds report rows); with filters, and for one plan, it reads the plan's cells. The cost
/// of a read depends on the number of plans and cells, never on the number of reports.
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

    public Task<PlanStatsList> ListAsync(CancellationToken cancellationToken) => ListAsync(StatsFilter.None, cancellationToken);

    /// <summary>Every plan with reports matching the filter, most reports first.</summary>
    public async Task<PlanStatsList> ListAsync(StatsFilter filter, CancellationToken cancellationToken)
        => new((await ListWithCellKeysAsync(filter, cancellationToken)).Select(p => p.Plan).ToList());

    /// <summary>Every plan with reports (no filter), with the cell keys of its total (for the public statistics).</summary>
    public async Task<IReadOnlyList<(PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)>> ListWithCellKeysAsync(CancellationToken cancellationToken)
        => await ListWithCellKeysAsync(StatsFilter.None, cancellationToken);

    private async Task<List<(PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)>> ListWithCellKeysAsync(StatsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        var plans = await _store.ListTotalsAsync(cancellationToken);
        var stats = new (PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)?[plans.Count];
        await Parallel.ForAsync(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (planKey, total) = plans[i];
            if (total is null)
            {
                // Listed by a delivery that crashed before counting (or every report left): nothing to show.
                return;
            }

            var measures = filter.IsEmpty
                ? MeasuresCalculator.From(total.Counts)
                : MeasuresCalculator.From(Sum((await _store.ReadCellsAsync(planKey, filter.From, filter.To, token)).Where(c => filter.Matches(c.Cell)).Select(c => c.Counts)));
            stats[i] = measures.Reports == 0 ? null : (Describe(planKey, measures, total, catalogue), total.CellKeys ?? new Dictionary<string, long>());
        });

        return stats.OfType<(PlanStats Plan, IReadOnlyDictionary<string, long> CellKeys)>()
            .OrderByDescending(p => p.Plan.Reports)
            .ThenBy(p => p.Plan.PlanKey, StringComparer.Ordinal)
            .ToList();
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

    public Task<PlanDetailStats?> GetAsync(string planKey, CancellationToken cancellationToken) => GetAsync(planKey, StatsFilter.None, cancellationToken);

    /// <summary>The plan with its months (filtered), or null for a plan with no reports at all.</summary>
    public async Task<PlanDetailStats?> GetAsync(string planKey, StatsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planKey);
        ArgumentNullException.ThrowIfNull(filter);
        var catalogue = await _catalogue.GetAsync(cancellationToken);
        var totalTask = _store.ReadTotalAsync(planKey, cancellationToken);
        var cellsTask = _store.ReadCellsAsync(planKey, filter.From, filter.To, cancellationToken);
        var total = await totalTask;
        var cells = (await cellsTask).Where(c => filter.Matches(c.Cell)).ToList();
        if (total is null)
        {
            return null;
        }

        var months = cells
            .GroupBy(c => c.Cell.Month, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => MeasuresCalculator.From(Sum(g.Select(c => c.Counts))), StringComparer.Ordinal);
        return new PlanDetailStats(Describe(planKey, MeasuresCalculator.From(Sum(cells.Select(c => c.Counts))), total, catalogue), months);
    }

    /// <summary>The plan's cells that match <paramref name="filter"/>, with their counters.</summary>
    public async Task<IReadOnlyList<(Cell Cell, IReadOnlyDictionary<string, long> Counts)>> ReadCellsAsync(string planKey, StatsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [.. (await _store.ReadCellsAsync(planKey, filter.From, filter.To, cancellationToken)).Where(c => filter.Matches(c.Cell))];
    }

    /// <summary>Every plan with matching reports, month by month (for the timeline export).</summary>
    public async Task<IReadOnlyList<PlanMonths>> ListMonthsAsync(StatsFilter filter, CancellationToken cancellationToken)
    {
        var plans = await ListAsync(filter, cancellationToken);
        var result = new PlanMonths[plans.Plans.Count];
        await Parallel.ForAsync(0, plans.Plans.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var detail = await GetAsync(plans.Plans[i].PlanKey, filter, token);
            result[i] = new PlanMonths(plans.Plans[i], detail?.Months ?? new Dictionary<string, Measures>());
        });
        return result;
    }

    private static PlanStats Describe(string planKey, Measures measures, AggregateRow total, CatalogueSnapshot catalogue)
    {
        var known = catalogue.Plans.GetValueOrDefault(planKey);
        return new PlanStats(measures)
        {
            PlanKey = planKey,
            Insurer = known is null ? total.Insurer ?? string.Empty : catalogue.InsurerOf(known).Name,
            Plan = known is null ? total.Plan : known.Plan,
            Verified = known is not null,
        };
    }

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in counts)
        {
            CounterSums.Add(sum, row);
        }

        return sum;
    }
}
