using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Survey.Shared.Plans;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using static Survey.Shared.Aggregation.PlanRowFormat;

namespace Survey.Shared.Aggregation;

/// <summary>
/// Table layout of reports and aggregates. Everything about one plan lives in one partition of
/// <c>planstats</c> (PartitionKey = plan key):
/// <list type="bullet">
/// <item><c>rep|{reportId}</c>: one row per counted report (the report as JSON, without contact);</item>
/// <item><c>agg|total</c>: the plan's counters, the names the first report gave, and a <c>Version</c> that
/// every change of the row increments (the row stays, empty, when the plan's last report leaves; a plan merged
/// away keeps it as a mark, <c>MergedInto</c>, that sends late reports to the target);</item>
/// <item><c>agg|cell|{month}|{state}|{role}|{setting}|{planType}|{funding}</c>: the counters of one
/// <see cref="Cell"/>; months come first, so a period is a key range, and any filter is a sum of cells.</item>
/// </list>
/// (Claims and withdrawal codes are in <c>reportindex</c>: <see cref="Reports.ReportIndex"/>.)
/// A report is counted by an entity group transaction that adds its row and updates its total and cell
/// rows under their ETags: a second delivery fails on the add (409) and changes nothing, and a
/// concurrent update of the same aggregates fails on the ETag (412) and is retried on fresh rows.
/// Taking a report out (a merge moving it, a withdrawal) is the same transaction with a delete and a
/// decrement. Concurrent changes of one plan share one such transaction (<see cref="PlanCommits"/>).
/// In <c>plans</c> (PartitionKey <c>plans</c>): one row per listed plan, holding a copy of its total
/// (<see cref="PlanCopies"/>), which the plan list reads with one query.
/// </summary>
internal sealed partial class PlanStore(SurveyStorage storage, ResiliencePipelineProvider<string> pipelines, ILogger<PlanStore> logger)
{
    internal const string ReportPrefix = "rep|";
    internal const string AggregatePrefix = "agg|";
    internal const string TotalRowKey = "agg|total";
    internal const string CellPrefix = "agg|cell|";
    private const string PlansPartition = PlanCopies.PlansPartition;

    private readonly PlanCommits _commits = new(storage.PlanStats, pipelines.GetPipeline(SurveyPipelines.Aggregate), new PlanCopies(storage.Plans), logger);
    private readonly ConcurrentDictionary<string, byte> _listedPlans = new(StringComparer.Ordinal);

    /// <summary>The row key of a cell's counters.</summary>
    internal static string CellRowKey(Cell cell) => CellPrefix + cell.Key;

    /// <summary>True when the plan counts the report (its row is in the plan's partition).</summary>
    public async Task<bool> IsCountedAsync(string planKey, string reportId, CancellationToken cancellationToken)
        => await ReadRowAsync(planKey, ReportPrefix + reportId, cancellationToken) is not null;

    /// <summary>One stored report of a plan, or null when it is not (or no longer) there.</summary>
    public async Task<StoredReport?> ReadReportAsync(string planKey, string reportId, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(planKey, ReportPrefix + reportId, cancellationToken);
        return row is null ? null : ToStoredReport(row);
    }

    /// <summary>Counts a report in a plan exactly once. False when it had been counted there before.</summary>
    public async Task<bool> CountReportAsync(string planKey, StoredReport stored, string? insurer, string? plan, CancellationToken cancellationToken)
        => (await CountReportsAsync(planKey, [stored], cancellationToken, (insurer, plan)))[0];

    /// <summary>Counts reports in a plan exactly once each (false for those counted there before), as few transactions as fit.</summary>
    public async Task<bool[]> CountReportsAsync(string planKey, IReadOnlyList<StoredReport> reports, CancellationToken cancellationToken, (string? Insurer, string? Plan)? names = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var changes = reports.Select(stored => Change(stored, ReportRow(planKey, stored), +1, names?.Insurer ?? stored.Report.Insurer, names is null ? stored.Report.Plan : names.Value.Plan)).ToList();
        return await _commits.ApplyAsync(planKey, changes, cancellationToken);
    }

    /// <summary>Takes a report out of a plan exactly once. False when it is not (or no longer) there.</summary>
    public async Task<bool> UncountReportAsync(string planKey, StoredReport stored, CancellationToken cancellationToken)
        => (await UncountReportsAsync(planKey, [stored], cancellationToken))[0];

    /// <summary>Takes reports out of a plan exactly once each (false for those not, or no longer, there).</summary>
    public async Task<bool[]> UncountReportsAsync(string planKey, IReadOnlyList<StoredReport> reports, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var changes = reports.Select(stored => Change(stored, new TableEntity(planKey, ReportPrefix + stored.ReportId), -1, null, null)).ToList();
        return await _commits.ApplyAsync(planKey, changes, cancellationToken);
    }

    /// <summary>The plan's total counters, or null when the plan has none.</summary>
    public async Task<AggregateRow?> ReadTotalAsync(string planKey, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var row = await ReadRowAsync(planKey, TotalRowKey, cancellationToken);
        return row is null ? null : NonEmpty(ToAggregate(row));
    }

    /// <summary>The plan's total row as stored (also when empty, with its version), or null when there is none.</summary>
    public async Task<AggregateRow?> ReadTotalRowAsync(string planKey, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(planKey, TotalRowKey, cancellationToken);
        return row is null ? null : ToAggregate(row);
    }

    /// <summary>The plan's counters per month of service (its cells summed by month).</summary>
    public async Task<IReadOnlyDictionary<string, AggregateRow>> ReadMonthsAsync(string planKey, CancellationToken cancellationToken)
        => (await ReadCellsAsync(planKey, null, null, cancellationToken))
            .GroupBy(c => c.Cell.Month, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var sum = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var (_, counts) in g)
                    {
                        CounterSums.Add(sum, counts);
                    }

                    return new AggregateRow(sum, null, null);
                },
                StringComparer.Ordinal);

    /// <summary>The plan's cells with service months from <paramref name="from"/> to <paramref name="to"/> (inclusive; null for open), by a RowKey range.</summary>
    public async Task<IReadOnlyList<(Cell Cell, IReadOnlyDictionary<string, long> Counts)>> ReadCellsAsync(string planKey, string? from, string? to, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var lower = CellPrefix + (from ?? string.Empty);
        var upper = to is null ? CellPrefix[..^1] + (char)(CellPrefix[^1] + 1) : CellPrefix + to + (char)('|' + 1);
        var cells = new List<(Cell, IReadOnlyDictionary<string, long>)>();
        await foreach (var entity in storage.PlanStats.QueryAsync<TableEntity>(
                           e => e.PartitionKey == planKey && e.RowKey.CompareTo(lower) >= 0 && e.RowKey.CompareTo(upper) < 0,
                           cancellationToken: cancellationToken))
        {
            cells.Add((Cell.Parse(entity.RowKey[CellPrefix.Length..]), ReportCounters.SplitCellKeys(ReadCounts(entity)).Counts));
        }

        return cells;
    }

    /// <summary>Every aggregate row of a plan (total and months) by row key, with ETags.</summary>
    public async Task<SortedDictionary<string, AggregateRow>> ReadAggregatesAsync(string planKey, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var rows = new SortedDictionary<string, AggregateRow>(StringComparer.Ordinal);
        await foreach (var entity in RangeAsync(planKey, AggregatePrefix, select: null, cancellationToken))
        {
            rows[entity.RowKey] = ToAggregate(entity);
        }

        return rows;
    }

    /// <summary>The reports stored for a plan (a partition scan: for rebuilds, merges and checks, not for stats reads).</summary>
    public async IAsyncEnumerable<StoredReport> ReadReportsAsync(string planKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await foreach (var entity in RangeAsync(planKey, ReportPrefix, ["RowKey", "Report", "ReceivedAt", "SchemaVersion", RecordKeyProperty], cancellationToken))
        {
            yield return ToStoredReport(entity);
        }
    }

    /// <summary>
    /// Makes a plan's aggregate rows hold <paramref name="expected"/> (row key to counters), guarded by
    /// the ETags of <paramref name="current"/>: a report counted meanwhile makes this fail with 412, so
    /// the caller recomputes. Rows not expected are deleted.
    /// </summary>
    public async Task ReplaceAggregatesAsync(
        string planKey,
        IReadOnlyDictionary<string, AggregateRow> current,
        IReadOnlyDictionary<string, Dictionary<string, long>> expected,
        (string Insurer, string? Plan) names,
        CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        if (!expected.ContainsKey(TotalRowKey) && current.ContainsKey(TotalRowKey))
        {
            // No report left: the total row stays, empty, so its version goes on (see PlanCommits).
            expected = new Dictionary<string, Dictionary<string, long>>(expected, StringComparer.Ordinal) { [TotalRowKey] = [] };
        }

        foreach (var (rowKey, counts) in expected)
        {
            var entity = new TableEntity(planKey, rowKey) { [CountsProperty] = Serialize(counts) };
            if (rowKey == TotalRowKey)
            {
                entity[TotalSnapshot.VersionProperty] = (current.TryGetValue(rowKey, out var before) ? before.Version : 0) + 1;
                if (before is null)
                {
                    entity["Insurer"] = names.Insurer;
                    entity["Plan"] = names.Plan;
                }
            }

            actions.Add(current.TryGetValue(rowKey, out var row)
                ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, row.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
        }

        foreach (var (rowKey, row) in current)
        {
            if (!expected.ContainsKey(rowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(planKey, rowKey), row.ETag));
            }
        }

        // At most 100 entities per transaction: a plan with more months is written in parts, each under its ETags.
        foreach (var part in actions.Chunk(100))
        {
            await storage.PlanStats.SubmitTransactionAsync(part, cancellationToken);
        }

        var total = await ReadRowAsync(planKey, TotalRowKey, cancellationToken);
        if (total is not null)
        {
            await _commits.Copies.RefreshAsync(planKey, TotalSnapshot.Of(total), cancellationToken);
        }
    }

    /// <summary>
    /// Retires a plan that has no reports left because it was merged into <paramref name="mergedInto"/>: ONE
    /// transaction turns its total row into a mark naming the target (under the row's ETag, or added) and deletes
    /// its cells (under theirs), then the plan leaves the plan list. A report counted into the plan meanwhile (by
    /// an instance whose catalogue is up to 30 s old) changed the total row, so the transaction fails and this
    /// answers false (the merge's next pass moves that report); a report counted after it finds the mark and is
    /// counted in the target instead (<see cref="PlanMergedException"/>). So no report row is ever left in a plan
    /// that is not listed.
    /// </summary>
    public async Task<bool> RetireEmptyPlanAsync(string planKey, string mergedInto, CancellationToken cancellationToken)
    {
        var rows = await ReadAggregatesAsync(planKey, cancellationToken);
        await foreach (var _ in RangeAsync(planKey, ReportPrefix, ["RowKey"], cancellationToken))
        {
            return false;
        }

        var mark = new TableEntity(planKey, TotalRowKey)
        {
            [CountsProperty] = Serialize([]),
            [TotalSnapshot.VersionProperty] = (rows.GetValueOrDefault(TotalRowKey)?.Version ?? 0) + 1,
            [PlanCommits.MergedIntoProperty] = mergedInto,
        };
        List<TableTransactionAction> actions =
        [
            rows.TryGetValue(TotalRowKey, out var total)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, mark, total.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, mark),
            .. rows.Where(r => r.Key != TotalRowKey).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(planKey, r.Key), r.Value.ETag)),
        ];
        try
        {
            // The first part holds the total row, the guard; once it is in, nothing more can be counted here.
            foreach (var part in actions.Chunk(PlanCommits.MaxOperations))
            {
                await storage.PlanStats.SubmitTransactionAsync(part, cancellationToken);
            }
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }

        await storage.Plans.DeleteEntityAsync(PlansPartition, planKey, ETag.All, cancellationToken);
        _listedPlans.TryRemove(planKey, out _);
        return true;
    }

    private AsyncPageable<TableEntity> RangeAsync(string planKey, string prefix, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return storage.PlanStats.QueryAsync<TableEntity>(
            e => e.PartitionKey == planKey && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(upper) < 0,
            select: select,
            cancellationToken: cancellationToken);
    }

    private async Task<TableEntity?> ReadRowAsync(string planKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await storage.PlanStats.GetEntityIfExistsAsync<TableEntity>(planKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static ReportChange Change(StoredReport stored, TableEntity row, int delta, string? insurer, string? plan)
        => new(stored.ReportId, row, delta, ReportCounters.For(stored.Report, stored.RecordKey), CellRowKey(Cell.Of(stored.Report)), insurer, plan);
}
