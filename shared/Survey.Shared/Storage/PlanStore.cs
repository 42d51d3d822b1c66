using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Polly;
using Polly.Registry;
using Survey.Shared.Aggregation;
using Survey.Shared.Reports;

namespace Survey.Shared.Storage;

/// <summary>
/// Table layout of reports and aggregates. Everything about one plan lives in one partition of
/// <c>planstats</c> (PartitionKey = plan key):
/// <list type="bullet">
/// <item><c>rep|{reportId}</c>: one row per counted report (the report as JSON, without contact);</item>
/// <item><c>agg|total</c>: the plan's counters, and its display names;</item>
/// <item><c>agg|month|{YYYY-MM}</c>: the counters of one month of service.</item>
/// </list>
/// A report is counted by one entity group transaction that adds its row and updates both aggregate
/// rows under their ETags: a second delivery fails on the add (409) and changes nothing, and a
/// concurrent update of the same aggregates fails on the ETag (412) and is retried on fresh rows.
/// </summary>
internal sealed class PlanStore(SurveyStorage storage, ResiliencePipelineProvider<string> pipelines)
{
    internal const string ReportPrefix = "rep|";
    internal const string AggregatePrefix = "agg|";
    internal const string TotalRowKey = "agg|total";
    internal const string MonthPrefix = "agg|month|";
    private const string PlansPartition = "plans";
    private const string CountsProperty = "Counts";

    private readonly ResiliencePipeline _aggregate = pipelines.GetPipeline(SurveyPipelines.Aggregate);
    private readonly ConcurrentDictionary<string, byte> _listedPlans = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims a report id for a plan. True when the id is new or already belongs to this plan (a
    /// redelivery); false when another plan holds it (a reused submission id with other content).
    /// </summary>
    public async Task<bool> ClaimReportAsync(string reportId, string planKey, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var claim = new TableEntity(reportId, string.Empty) { ["PlanKey"] = planKey };
        try
        {
            await storage.ReportIndex.AddEntityAsync(claim, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            var existing = await storage.ReportIndex.GetEntityAsync<TableEntity>(reportId, string.Empty, ["PlanKey"], cancellationToken);
            return string.Equals(existing.Value.GetString("PlanKey"), planKey, StringComparison.Ordinal);
        }
    }

    /// <summary>Adds the plan to the plan list once (idempotent; remembered per process).</summary>
    public async Task EnsureListedAsync(string planKey, CancellationToken cancellationToken)
    {
        if (_listedPlans.ContainsKey(planKey))
        {
            return;
        }

        var entity = new TableEntity(PlansPartition, planKey);
        try
        {
            await storage.Plans.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            // Listed by an earlier delivery or another worker.
        }

        _listedPlans.TryAdd(planKey, 0);
    }

    public async Task SaveContactAsync(string reportId, string email, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(reportId, string.Empty) { ["Email"] = email, ["ReceivedAt"] = receivedAt };
        await storage.Contacts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Counts a report in its plan exactly once. False when it had been counted before.</summary>
    public async Task<bool> CountReportAsync(string planKey, ReportEnvelope envelope, string insurer, string? plan, CancellationToken cancellationToken)
    {
        var report = envelope.Report;
        var counters = ReportCounters.For(report);
        var reportRow = new TableEntity(planKey, ReportPrefix + envelope.ReportId)
        {
            ["Report"] = JsonSerializer.Serialize(report, SurveyJsonContext.Default.Report),
            ["ServiceMonth"] = report.ServiceMonth,
            ["ReceivedAt"] = envelope.ReceivedAt,
            ["SchemaVersion"] = envelope.SchemaVersion,
        };
        var monthKey = MonthPrefix + report.ServiceMonth;

        try
        {
            await _aggregate.ExecuteAsync(
                async token =>
                {
                    var total = ReadRowAsync(planKey, TotalRowKey, token);
                    var month = ReadRowAsync(planKey, monthKey, token);
                    var actions = new List<TableTransactionAction>(3) { new(TableTransactionActionType.Add, reportRow) };
                    actions.Add(Increment(await total, planKey, TotalRowKey, counters, insurer, plan));
                    actions.Add(Increment(await month, planKey, monthKey, counters, insurer: null, plan: null));
                    await storage.PlanStats.SubmitTransactionAsync(actions, token);
                },
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409 && exception.FailedTransactionActionIndex == 0)
        {
            return false;
        }
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

    /// <summary>The plan's total counters, or null when the plan has none.</summary>
    public async Task<AggregateRow?> ReadTotalAsync(string planKey, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var row = await ReadRowAsync(planKey, TotalRowKey, cancellationToken);
        return row is null ? null : ToAggregate(row);
    }

    /// <summary>The plan's per-month counters, read by a RowKey range that never touches report rows.</summary>
    public async Task<IReadOnlyDictionary<string, AggregateRow>> ReadMonthsAsync(string planKey, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var months = new SortedDictionary<string, AggregateRow>(StringComparer.Ordinal);
        var upper = MonthPrefix[..^1] + (char)(MonthPrefix[^1] + 1);
        var query = storage.PlanStats.QueryAsync<TableEntity>(
            e => e.PartitionKey == planKey && e.RowKey.CompareTo(MonthPrefix) >= 0 && e.RowKey.CompareTo(upper) < 0,
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            months[entity.RowKey[MonthPrefix.Length..]] = ToAggregate(entity);
        }

        return months;
    }

    /// <summary>The reports stored for a plan (a partition scan: for rebuilds and checks, not for stats reads).</summary>
    public async IAsyncEnumerable<Report> ReadReportsAsync(string planKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var upper = ReportPrefix[..^1] + (char)(ReportPrefix[^1] + 1);
        var query = storage.PlanStats.QueryAsync<TableEntity>(
            e => e.PartitionKey == planKey && e.RowKey.CompareTo(ReportPrefix) >= 0 && e.RowKey.CompareTo(upper) < 0,
            select: ["Report"],
            cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            yield return JsonSerializer.Deserialize(entity.GetString("Report"), SurveyJsonContext.Default.Report)!;
        }
    }

    private async Task<TableEntity?> ReadRowAsync(string planKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await storage.PlanStats.GetEntityIfExistsAsync<TableEntity>(planKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static TableTransactionAction Increment(TableEntity? current, string planKey, string rowKey, IReadOnlyList<string> counters, string? insurer, string? plan)
    {
        var counts = current is null ? new Dictionary<string, long>(StringComparer.Ordinal) : ReadCounts(current);
        foreach (var counter in counters)
        {
            counts[counter] = counts.GetValueOrDefault(counter) + 1;
        }

        var entity = new TableEntity(planKey, rowKey) { [CountsProperty] = JsonSerializer.Serialize(counts, SurveyJsonContext.Default.DictionaryStringInt64) };
        if (current is null)
        {
            if (insurer is not null)
            {
                entity["Insurer"] = insurer;
                entity["Plan"] = plan;
            }

            // Add, not upsert: if another worker created the row meanwhile, this fails (409) and is retried.
            return new TableTransactionAction(TableTransactionActionType.Add, entity);
        }

        // Merge under the ETag read above: only the counters change, and a concurrent update makes this fail (412).
        return new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, current.ETag);
    }

    private static Dictionary<string, long> ReadCounts(TableEntity entity)
    {
        var json = entity.GetString(CountsProperty);
        return string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize(json, SurveyJsonContext.Default.DictionaryStringInt64)!, StringComparer.Ordinal);
    }

    private static AggregateRow ToAggregate(TableEntity entity)
        => new(ReadCounts(entity), entity.GetString("Insurer"), entity.GetString("Plan"));
}

/// <summary>An aggregate row: counter name to count, and (on the total row) the display names of the first report counted.</summary>
internal sealed record AggregateRow(IReadOnlyDictionary<string, long> Counts, string? Insurer, string? Plan);
