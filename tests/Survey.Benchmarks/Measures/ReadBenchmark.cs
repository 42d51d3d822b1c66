using System.Diagnostics;
using Azure.Data.Tables;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Workload;

namespace Survey.Benchmarks.Measures;

/// <summary>One repetition of sequential stats reads, and of the same storage reads done bare.</summary>
internal sealed record ReadRun(int Requests, double P50Ms, double P95Ms, double BareP50Ms);

/// <summary><c>GET /api/stats/plans</c> latency with a number of stored reports: medians over repetitions.</summary>
internal sealed record ReadFigure(int StoredReports, int Plans, double P50Ms, double P95Ms, double BareP50Ms, IReadOnlyList<ReadRun> Runs);

internal sealed record ReadFigures(ReadFigure Small, ReadFigure Large, double SeedSeconds);

/// <summary>
/// Stats read latency against the number of stored reports. Two stores run side by side, each an Azurite
/// on a fresh data folder with a service of its own (<see cref="ReadStore"/>): one seeded with the small
/// number of reports, one with the large, spread evenly over the same number of plans, written as the rows
/// the aggregator would have written; then each Azurite is left to settle (the load's save and garbage
/// collection are not part of a read). Each service must list exactly its seeded counts, which checks the
/// layout end to end. Then the reads alternate between the two stores, request by request (the order
/// flipping every time), so both sizes are measured over the same seconds of a shared, noisy machine, and
/// with services equally warm. The baseline is the storage work of that read done bare against the same
/// store: one query of the plan list's partition, whose rows carry the totals (like <c>PlanStatsReader</c>).
/// </summary>
internal sealed class ReadBenchmark(BenchmarkSettings settings, string repositoryRoot, string keyName, string functionKey, Action<string> progress)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    public async Task<ReadFigures> RunAsync(CancellationToken cancellationToken)
    {
        progress("reads: starting two stores (an Azurite and a service each)");
        await using var small = await ReadStore.StartAsync(repositoryRoot, settings.ReadPlans, keyName, functionKey, progress);
        await using var large = await ReadStore.StartAsync(repositoryRoot, settings.ReadPlans, keyName, functionKey, progress);

        var clock = Stopwatch.StartNew();
        await small.SeedAsync(settings.SmallStore / settings.ReadPlans, cancellationToken);
        await large.SeedAsync(settings.LargeStore / settings.ReadPlans, cancellationToken);
        var seedSeconds = clock.Elapsed.TotalSeconds;
        var settled = (await small.SettleAsync(SettleLimit, cancellationToken)) + (await large.SettleAsync(SettleLimit, cancellationToken));
        progress($"reads: seeded {small.StoredReports:N0} and {large.StoredReports:N0} reports in {seedSeconds:F0} s; Azurite settled after {settled.TotalSeconds:F0} s");
        await small.CheckListedAsync(cancellationToken);
        await large.CheckListedAsync(cancellationToken);

        // Both services warm up (JIT tiers, connection pools) before anything is measured.
        var warmup = System.Diagnostics.Stopwatch.StartNew();
        while (warmup.Elapsed < Warmup)
        {
            await ReadAsync(small, cancellationToken);
            await ReadAsync(large, cancellationToken);
            await BareReadAsync(small, cancellationToken);
            await BareReadAsync(large, cancellationToken);
        }

        var runs = (Small: new List<ReadRun>(), Large: new List<ReadRun>());
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var (smallRun, largeRun) = await MeasureAsync(small, large, cancellationToken);
            runs.Small.Add(smallRun);
            runs.Large.Add(largeRun);
        }

        var figures = new ReadFigures(Figure(small, runs.Small), Figure(large, runs.Large), seedSeconds);
        progress($"reads: p50 {figures.Small.P50Ms:F1} ms with {small.StoredReports:N0} reports, {figures.Large.P50Ms:F1} ms with {large.StoredReports:N0}");
        return figures;
    }

    /// <summary>One repetition: each request of one store next to the same request of the other, alternating which goes first.</summary>
    private async Task<(ReadRun Small, ReadRun Large)> MeasureAsync(ReadStore small, ReadStore large, CancellationToken cancellationToken)
    {
        var latencies = (Small: new List<double>(), Large: new List<double>());
        var bare = (Small: new List<double>(), Large: new List<double>());
        for (var i = 0; i < settings.ReadsPerRepetition; i++)
        {
            var smallFirst = i % 2 == 0;
            var (first, second) = smallFirst ? (small, large) : (large, small);
            var firstMs = await ReadAsync(first, cancellationToken);
            var secondMs = await ReadAsync(second, cancellationToken);
            var firstBareMs = await BareReadAsync(first, cancellationToken);
            var secondBareMs = await BareReadAsync(second, cancellationToken);
            latencies.Small.Add(smallFirst ? firstMs : secondMs);
            latencies.Large.Add(smallFirst ? secondMs : firstMs);
            bare.Small.Add(smallFirst ? firstBareMs : secondBareMs);
            bare.Large.Add(smallFirst ? secondBareMs : firstBareMs);
        }

        return (Run(latencies.Small, bare.Small), Run(latencies.Large, bare.Large));
    }

    private static ReadRun Run(List<double> latencies, List<double> bare)
    {
        latencies.Sort();
        bare.Sort();
        return new ReadRun(latencies.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), Stats.Percentile(bare, 50));
    }

    private ReadFigure Figure(ReadStore store, List<ReadRun> runs) => new(
        store.StoredReports,
        settings.ReadPlans,
        Stats.Median(runs.Select(r => r.P50Ms)),
        Stats.Median(runs.Select(r => r.P95Ms)),
        Stats.Median(runs.Select(r => r.BareP50Ms)),
        runs);

    private static async Task<double> BareReadAsync(ReadStore store, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var totals = new List<Dictionary<string, long>>();
        await foreach (var plan in store.PlanList.QueryAsync<TableEntity>(
                           e => e.PartitionKey == PlanRows.PlansPartition,
                           select: ["RowKey", PlanRows.CountsProperty, PlanRows.VersionProperty, "Insurer", "Plan"],
                           cancellationToken: cancellationToken))
        {
            totals.Add(PlanRows.ReadCounts(plan));
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> ReadAsync(ReadStore store, CancellationToken cancellationToken)
    {
        using var request = store.StatsRequest();
        var started = Stopwatch.GetTimestamp();
        using var response = await store.Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
