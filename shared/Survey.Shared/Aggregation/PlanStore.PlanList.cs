using Azure;
using Azure.Data.Tables;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using static Survey.Shared.Aggregation.PlanRowFormat;

namespace Survey.Shared.Aggregation;

/// <summary>The plan list (table <c>plans</c>, partition <c>plans</c>): one row per listed plan with a copy of its total.</summary>
internal sealed partial class PlanStore
{
    /// <summary>Adds the plan to the plan list once (idempotent; remembered per process).</summary>
    public async Task EnsureListedAsync(string planKey, CancellationToken cancellationToken)
    {
        if (_listedPlans.ContainsKey(planKey))
        {
            return;
        }

        // Looked up first: after a restart the plan is usually listed already, and Azure.Core would log the
        // refused add (409) as a warning on every start.
        if (!(await storage.Plans.GetEntityIfExistsAsync<TableEntity>(PlansPartition, planKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
        {
            try
            {
                await storage.Plans.AddEntityAsync(new TableEntity(PlansPartition, planKey), cancellationToken);
            }
            catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
            {
                // Listed meanwhile by another delivery or worker.
            }
        }

        _listedPlans.TryAdd(planKey, 0);
    }

    /// <summary>True when the plan is on the plan list or has any stored row (reports or aggregates): what a plan route can act on.</summary>
    public async Task<bool> IsKnownAsync(string planKey, CancellationToken cancellationToken)
    {
        if (!PlanKeys.IsWellFormed(planKey))
        {
            return false;
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        if ((await storage.Plans.GetEntityIfExistsAsync<TableEntity>(PlansPartition, planKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
        {
            return true;
        }

        await foreach (var _ in storage.PlanStats.QueryAsync<TableEntity>(e => e.PartitionKey == planKey, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }

    /// <summary>The keys of every plan that has (or is about to have) reports.</summary>
    public async Task<IReadOnlyList<string>> ListPlanKeysAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var plans = new List<string>();
        await foreach (var entity in storage.Plans.QueryAsync<TableEntity>(e => e.PartitionKey == PlansPartition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            plans.Add(entity.RowKey);
        }

        return plans;
    }

    /// <summary>
    /// Every listed plan with the copy of its total from the plan list, by ONE query of the <c>plans</c>
    /// partition; a plan whose copy is missing (its first copy failed) is read from its total row.
    /// Null for a plan without reports.
    /// </summary>
    public async Task<IReadOnlyList<(string PlanKey, AggregateRow? Total)>> ListTotalsAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var copies = await _commits.Copies.ReadAllAsync(cancellationToken);
        var totals = new (string, AggregateRow?)[copies.Count];
        await Parallel.ForAsync(0, copies.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (planKey, copy) = copies[i];
            totals[i] = (planKey, copy is null ? await ReadTotalAsync(planKey, token) : NonEmpty(ToAggregate(copy)));
        });
        return totals;
    }

    /// <summary>The copy of the plan's total on the plan list (null when it has none), and the copy's ETag.</summary>
    public async Task<(AggregateRow? Copy, ETag ETag)> ReadCopyAsync(string planKey, CancellationToken cancellationToken)
    {
        var (copy, etag) = await _commits.Copies.ReadAsync(planKey, cancellationToken);
        return (copy is null ? null : ToAggregate(copy), etag);
    }

    /// <summary>
    /// Makes the copy on the plan list equal <paramref name="total"/> (a repair, so it may lower the copy's
    /// version), under the copy's ETag read before the total: false when the copy changed meanwhile.
    /// </summary>
    public async Task<bool> RepairCopyAsync(string planKey, AggregateRow? total, ETag copyETag, CancellationToken cancellationToken)
    {
        var snapshot = total is null
            ? new TotalSnapshot(Serialize([]), 0, null, null)
            : new TotalSnapshot(Serialize(total.Stored()), total.Version, total.Insurer, total.Plan);
        return await _commits.Copies.ReplaceAsync(planKey, snapshot, copyETag, cancellationToken);
    }
}
