using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Workload;
using Survey.Shared.Aggregation;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Measures;

/// <summary>One repetition of sequential stats reads, and of the same storage reads done bare.</summary>
internal sealed record ReadRun(int Requests, double P50Ms, double P95Ms, double BareP50Ms);

/// <summary><c>GET /api/stats/plans</c> latency with a number of stored reports: medians over repetitions.</summary>
internal sealed record ReadFigure(int StoredReports, int Plans, double P50Ms, double P95Ms, double BareP50Ms, IReadOnlyList<ReadRun> Runs);

internal sealed record ReadFigures(ReadFigure Small, ReadFigure Large, double SeedSeconds);

/// <summary>
/// Stats read latency against the number of stored reports. The tables of plans and their rows are emptied
/// first (<see cref="PlanRows.ResetAsync"/>), then the reports are seeded by writing the rows
/// the aggregator would have written (<see cref="PlanRows"/>: report rows, total and cell rows, the plan
/// list's rows with the copy of each total) in batches of 100, spread evenly over the same plans for both
/// sizes, so only the number of reports differs. The service must then list exactly the seeded counts,
/// which checks the layout end to end. The baseline is the storage work of that read done bare: one query
/// of the plan list's partition, whose rows carry the totals (like <c>PlanStatsReader</c>).
/// </summary>
internal sealed class ReadBenchmark(BenchmarkSettings settings, TableServiceClient tables, HttpClient service, string functionKey, Action<string> progress)
{
    private readonly TableClient _planStats = PlanRows.PlanStats(tables);
    private readonly TableClient _plans = tables.GetTableClient(StorageNames.PlansTable);
    private readonly IReadOnlyList<BenchPlan> _readPlans = BenchPlan.Series("Reads", settings.ReadPlans);

    public async Task<ReadFigures> RunAsync(CancellationToken cancellationToken)
    {
        await PlanRows.ResetAsync(tables, cancellationToken);
        var clock = Stopwatch.StartNew();
        await SeedAsync(0, settings.SmallStore / settings.ReadPlans, cancellationToken);
        var seedSeconds = clock.Elapsed.TotalSeconds;
        var small = await MeasureAsync(settings.SmallStore, cancellationToken);
        progress($"reads: p50 {small.P50Ms:F1} ms with {settings.SmallStore:N0} reports; seeding up to {settings.LargeStore:N0}");

        clock.Restart();
        await SeedAsync(settings.SmallStore / settings.ReadPlans, settings.LargeStore / settings.ReadPlans, cancellationToken);
        seedSeconds += clock.Elapsed.TotalSeconds;
        var large = await MeasureAsync(settings.LargeStore, cancellationToken);
        progress($"reads: p50 {large.P50Ms:F1} ms with {settings.LargeStore:N0} reports (seeded in {seedSeconds:F0} s)");
        return new ReadFigures(small, large, seedSeconds);
    }

    /// <summary>Adds reports <paramref name="from"/>..<paramref name="to"/>-1 to every plan and rewrites its aggregates to count 0..to-1.</summary>
    private async Task SeedAsync(int from, int to, CancellationToken cancellationToken)
    {
        var receivedAt = TimeProvider.System.GetUtcNow();
        await Parallel.ForEachAsync(_readPlans, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (plan, token) =>
        {
            foreach (var chunk in Enumerable.Range(from, to - from).Chunk(100))
            {
                var rows = chunk.Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    PlanRows.ReportRow(plan.PlanKey, Guid.NewGuid().ToString("D"), SampleReports.Create(plan, i), receivedAt)));
                await _planStats.SubmitTransactionAsync(rows, token);
            }

            var reports = Enumerable.Range(0, to).Select(i => SampleReports.Create(plan, i)).ToList();
            var total = ReportCounters.Sum(reports);
            var aggregates = reports.GroupBy(PlanRows.CellRowKey, StringComparer.Ordinal)
                .Select(cell => PlanRows.AggregateRow(plan.PlanKey, cell.Key, ReportCounters.Sum(cell)))
                .Prepend(PlanRows.AggregateRow(plan.PlanKey, PlanRows.TotalRowKey, total, plan, version: to));
            foreach (var chunk in aggregates.Chunk(100))
            {
                await _planStats.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token);
            }

            // The plan's row in the plan list carries the copy of its total, as the aggregator leaves it.
            await _plans.UpsertEntityAsync(PlanRows.AggregateRow(PlanRows.PlansPartition, plan.PlanKey, total, plan, version: to), TableUpdateMode.Replace, token);
        });
    }

    private async Task<ReadFigure> MeasureAsync(int stored, CancellationToken cancellationToken)
    {
        await CheckListedAsync(stored, cancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await ReadAsync(cancellationToken);
        }

        var runs = new List<ReadRun>();
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var latencies = new List<double>();
            var bare = new List<double>();
            for (var i = 0; i < settings.ReadsPerRepetition; i++)
            {
                latencies.Add(await ReadAsync(cancellationToken));
                bare.Add(await BareReadAsync(cancellationToken));
            }

            latencies.Sort();
            bare.Sort();
            runs.Add(new ReadRun(latencies.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), Stats.Percentile(bare, 50)));
        }

        return new ReadFigure(
            stored,
            settings.ReadPlans,
            Stats.Median(runs.Select(r => r.P50Ms)),
            Stats.Median(runs.Select(r => r.P95Ms)),
            Stats.Median(runs.Select(r => r.BareP50Ms)),
            runs);
    }

    private async Task<double> BareReadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var totals = new List<Dictionary<string, long>>();
        await foreach (var plan in _plans.QueryAsync<TableEntity>(
                           e => e.PartitionKey == PlanRows.PlansPartition,
                           select: ["RowKey", PlanRows.CountsProperty, PlanRows.VersionProperty, "Insurer", "Plan"],
                           cancellationToken: cancellationToken))
        {
            totals.Add(PlanRows.ReadCounts(plan));
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private async Task<double> ReadAsync(CancellationToken cancellationToken)
    {
        using var request = Request();
        var started = Stopwatch.GetTimestamp();
        using var response = await service.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>The service must list the seeded plans with exactly the seeded counts.</summary>
    private async Task CheckListedAsync(int stored, CancellationToken cancellationToken)
    {
        using var request = Request();
        using var response = await service.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var plans = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["plans"]!.AsArray();
        var counted = plans.Sum(p => p!["reports"]!.GetValue<long>());
        if (plans.Count != settings.ReadPlans || counted != stored)
        {
            throw new InvalidOperationException($"The service lists {plans.Count} plans with {counted} reports where {settings.ReadPlans} plans with {stored} were seeded.");
        }
    }

    private HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/stats/plans", UriKind.Relative));
        request.Headers.Add("x-functions-key", functionKey);
        return request;
    }
}
