using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>A plan's total counters as committed: the Counts JSON, the names, and the total row's version.</summary>
internal sealed record TotalSnapshot(string Counts, long Version, string? Insurer, string? Plan)
{
    internal const string VersionProperty = "Version";

    /// <summary>The snapshot of an <c>agg|total</c> row (or of its copy on the plan's row in <c>plans</c>).</summary>
    public static TotalSnapshot Of(TableEntity entity)
        => new(entity.GetString("Counts") ?? "{}", entity.GetInt64(VersionProperty) ?? 0, entity.GetString("Insurer"), entity.GetString("Plan"));

    /// <summary>True when the total counts at least one report.</summary>
    public bool HasReports => PlanRowFormat.ReadCounts(new TableEntity { ["Counts"] = Counts }).GetValueOrDefault(ReportCounters.Reports) > 0;
}

/// <summary>
/// The read model of the plan list: a copy of each plan's <c>agg|total</c> on its row of the <c>plans</c>
/// table (PartitionKey <c>plans</c>, RowKey plan key), so listing every plan's totals is one query of one
/// partition instead of a point read per plan in partitions that also hold the plan's report rows. The copy
/// is in the fixed form of <see cref="ReportCounters.ListForm"/> (every schema counter; the out-of-pocket
/// amounts folded into count, median and mean), so the list's rows do not grow with the reports. The
/// copy is written after the total row's transaction, not in it (a transaction spans one partition), so it
/// carries the total row's <see cref="TotalSnapshot.Version"/> and is only ever replaced by a newer one
/// (replace under the ETag of the row as last seen — remembered from this process's own last write, else
/// read first; 412 means another writer came first, so read and look again). Reconcile
/// finds and repairs a copy that differs from its total row.
/// </summary>
internal sealed class PlanCopies(TableClient plans)
{
    internal const string PlansPartition = "plans";
    private const int MaxAttempts = 8;

    /// <summary>Per plan, the version and ETag of its row as this process last wrote or read it.</summary>
    private readonly LastWritten<(long Version, ETag ETag)> _known = new(10_000);

    /// <summary>Writes the snapshot onto the plan's row unless the row holds the same or a newer version; true when written.</summary>
    public async Task<bool> RefreshAsync(string planKey, TotalSnapshot total, CancellationToken cancellationToken)
    {
        // The row as this process last left it: if it is still that (its ETag), it holds that version, so a
        // newer copy goes straight on without reading it first. Anything else (412) reads and compares.
        if (_known.TryGet(planKey, out var known) && known.Version < total.Version
            && await WriteUnderAsync(planKey, total, known.ETag, cancellationToken))
        {
            return true;
        }

        for (var attempt = 1; ; attempt++)
        {
            var (copy, etag) = await ReadAsync(planKey, cancellationToken);
            if (copy is not null && copy.Version >= total.Version)
            {
                _known.Remember(planKey, (copy.Version, etag));
                return false;
            }

            // The plan is not listed (removed meanwhile, or its listing was lost): list it again only if it has reports.
            if (etag == default && !total.HasReports)
            {
                return false;
            }

            if (await WriteUnderAsync(planKey, total, etag, cancellationToken))
            {
                return true;
            }

            if (attempt == MaxAttempts)
            {
                throw new RequestFailedException(412, "The plan's row in the plan list kept changing while its copy was written.");
            }

            // Another writer changed the row after it was read: compare with what it holds now.
        }
    }

    /// <summary>Makes the plan's row hold exactly the snapshot (a repair), unless the row changed since it was read.</summary>
    public Task<bool> ReplaceAsync(string planKey, TotalSnapshot total, ETag readETag, CancellationToken cancellationToken)
        => WriteUnderAsync(planKey, total, readETag, cancellationToken);

    /// <summary>The copy on the plan's row (null when the row holds none) and the row's ETag (default when there is no row).</summary>
    public async Task<(TotalSnapshot? Copy, ETag ETag)> ReadAsync(string planKey, CancellationToken cancellationToken)
    {
        var response = await plans.GetEntityIfExistsAsync<TableEntity>(PlansPartition, planKey, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } row ? (CopyOf(row), row.ETag) : (null, default);
    }

    /// <summary>Every listed plan with its copy (null for a plan listed but never counted, or whose copy was not written yet): one query.</summary>
    public async Task<IReadOnlyList<(string PlanKey, TotalSnapshot? Copy)>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, TotalSnapshot?)>();
        await foreach (var entity in plans.QueryAsync<TableEntity>(
                           e => e.PartitionKey == PlansPartition,
                           select: ["RowKey", "Counts", TotalSnapshot.VersionProperty, "Insurer", "Plan"],
                           cancellationToken: cancellationToken))
        {
            rows.Add((entity.RowKey, CopyOf(entity)));
        }

        return rows;
    }

    private static TotalSnapshot? CopyOf(TableEntity entity) => entity.GetString("Counts") is null ? null : TotalSnapshot.Of(entity);

    private async Task<bool> WriteUnderAsync(string planKey, TotalSnapshot total, ETag readETag, CancellationToken cancellationToken)
    {
        try
        {
            var response = readETag == default
                ? await plans.AddEntityAsync(Entity(planKey, total), cancellationToken)
                : await plans.UpdateEntityAsync(Entity(planKey, total), readETag, TableUpdateMode.Replace, cancellationToken);
            if (response.Headers.ETag is { } written)
            {
                _known.Remember(planKey, (total.Version, written));
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412 or 404)
        {
            _known.Forget(planKey);
            return false;
        }
    }

    private static TableEntity Entity(string planKey, TotalSnapshot total)
    {
        var counts = ReportCounters.ListForm(PlanRowFormat.ReadCounts(new TableEntity { ["Counts"] = total.Counts }));
        var entity = new TableEntity(PlansPartition, planKey) { ["Counts"] = PlanRowFormat.Serialize(counts), [TotalSnapshot.VersionProperty] = total.Version };
        if (total.Insurer is not null)
        {
            entity["Insurer"] = total.Insurer;
        }

        if (total.Plan is not null)
        {
            entity["Plan"] = total.Plan;
        }

        return entity;
    }
}
