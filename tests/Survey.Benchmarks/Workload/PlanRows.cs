using System.Text.Json;
using Azure.Data.Tables;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Workload;

/// <summary>
/// The table layout of <c>shared/Survey.Shared/Storage/PlanStore.cs</c>, written again here (PlanStore is
/// internal) for the two places the benchmark writes rows itself: the bare aggregation loop and the seeding
/// of the stats reads. Everything about a plan is in one partition of <c>planstats</c>: <c>rep|{id}</c> per
/// report, <c>agg|total</c> (with its <c>Version</c>), and <c>agg|cell|{cell}</c>; the plan is listed in
/// partition <c>plans</c> of <c>plans</c>, on a row holding a copy of its total. The reads check the layout
/// end to end: the service must report exactly the seeded counts.
/// </summary>
internal static class PlanRows
{
    public const string ReportPrefix = "rep|";
    public const string TotalRowKey = "agg|total";
    public const string CellPrefix = "agg|cell|";
    public const string PlansPartition = "plans";
    public const string CountsProperty = "Counts";
    public const string VersionProperty = "Version";

    public static string CellRowKey(Report report) => CellPrefix + Cell.Of(report).Key;

    public static TableEntity ReportRow(string partition, string reportId, Report report, DateTimeOffset receivedAt) => new(partition, ReportPrefix + reportId)
    {
        ["Report"] = SampleReports.ReportJson(report),
        ["ServiceMonth"] = report.ServiceMonth,
        ["ReceivedAt"] = receivedAt,
        ["SchemaVersion"] = ReportEnvelope.CurrentSchemaVersion,
    };

    public static TableEntity AggregateRow(string partition, string rowKey, IReadOnlyDictionary<string, long> counts, BenchPlan? names = null, long? version = null)
    {
        var entity = new TableEntity(partition, rowKey) { [CountsProperty] = JsonSerializer.Serialize(counts) };
        if (version is not null)
        {
            entity[VersionProperty] = version.Value;
        }

        if (names is not null)
        {
            entity["Insurer"] = names.Insurer;
            entity["Plan"] = names.Plan;
        }

        return entity;
    }

    public static Dictionary<string, long> ReadCounts(TableEntity? entity)
        => entity?.GetString(CountsProperty) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(json)!
            : new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The reports counted in a partition so far (its total row's <c>reports</c> counter).</summary>
    public static async Task<long> CountedAsync(TableClient planStats, string partition, CancellationToken cancellationToken)
    {
        var total = await planStats.GetEntityIfExistsAsync<TableEntity>(partition, TotalRowKey, [CountsProperty], cancellationToken);
        return total.HasValue ? ReadCounts(total.Value).GetValueOrDefault(ReportCounters.Reports) : 0;
    }

    public static async Task<long> CountedAsync(TableClient planStats, IEnumerable<string> partitions, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(partitions.Select(p => CountedAsync(planStats, p, cancellationToken)));
        return counts.Sum();
    }

    public static TableClient PlanStats(TableServiceClient tables) => tables.GetTableClient(StorageNames.PlanStatsTable);

    /// <summary>
    /// Empties the tables a report is written to (plan rows, plan list, report-id claims) by dropping and
    /// re-creating them; Azurite re-creates a name at once. Only while nothing is being aggregated: the
    /// service remembers that its tables exist. Azurite scans a partition (and saves its whole database)
    /// at a cost that grows with what it holds, so each measurement starts from empty tables.
    /// </summary>
    public static async Task ResetAsync(TableServiceClient tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var name in new[] { StorageNames.PlanStatsTable, StorageNames.PlansTable, StorageNames.ReportIndexTable })
        {
            var table = tables.GetTableClient(name);
            await table.DeleteAsync(cancellationToken);
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
