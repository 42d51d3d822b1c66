using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Service;
using Survey.Benchmarks.Workload;
using Survey.Local;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Measures;

/// <summary>One drain: N queued reports counted into the aggregates.</summary>
internal sealed record DrainRun(int Reports, double Seconds, double PerSecond, int Retries, CpuUse Cpu);

/// <summary>A drain figure: the median rate over repetitions, and the retries (ETag conflicts) per report.</summary>
internal sealed record DrainFigure(string Name, int Plans, double PerSecond, double RetriesPerReport, CpuUse Cpu, IReadOnlyList<DrainRun> Runs)
{
    public static DrainFigure Of(string name, int plans, IReadOnlyList<DrainRun> runs) => new(
        name,
        plans,
        Stats.Median(runs.Select(r => r.PerSecond)),
        Stats.Median(runs.Select(r => (double)r.Retries / r.Reports)),
        CpuUse.Median(runs.Select(r => r.Cpu)),
        runs);
}

internal sealed record AggregationFigures(DrainFigure BareSpread, DrainFigure ServiceSpread, DrainFigure BareHot, DrainFigure ServiceHot);

/// <summary>One service process against two on the same storage account, over 50 plans and in one hot plan.</summary>
internal sealed record TwoInstanceFigures(DrainFigure OneSpread, DrainFigure TwoSpread, DrainFigure OneHot, DrainFigure TwoHot);

/// <summary>
/// How fast queued reports become aggregates. Each repetition queues N envelopes (the intake's format) while
/// the service's queue trigger is paused, resumes it, and times until the queue is empty; then it checks
/// that the plans' totals grew by exactly N. The bare loop does the same on a queue of its own. Each
/// scenario spreads the reports over 50 plans or puts them all in one hot plan; every drain starts from
/// empty tables (<see cref="PlanRows.ResetAsync"/>) and uses new plans.
/// </summary>
internal sealed class AggregationBenchmark(BenchmarkSettings settings, QueueServiceClient queues, TableServiceClient tables, ServiceProcess service, CpuMeter cpu, Action<string> progress)
{
    private const string BareQueue = "bench-aggregate";
    private readonly QueueClient _reports = queues.GetQueueClient(StorageNames.ReportsQueue);
    private readonly QueueClient _poison = queues.GetQueueClient(StorageNames.ReportsPoisonQueue);
    private readonly QueueClient _bare = queues.GetQueueClient(BareQueue);
    private readonly TableClient _planStats = PlanRows.PlanStats(tables);
    private readonly QueueSettings _host = HostJson.Load(Path.Combine(AppContext.BaseDirectory, "host.json")).Queues;

    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(120, settings.AggregationReports / 5.0));

    public async Task<AggregationFigures> RunAsync(CancellationToken cancellationToken)
    {
        await _bare.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        progress("aggregation: warming up");
        await ServiceDrainAsync([service], BenchPlan.Series("Warmup", 10), 200, cancellationToken);
        await BareDrainAsync(BenchPlan.Series("Bare Warmup", 10), 200, cancellationToken);

        var runs = new[] { new List<DrainRun>(), new List<DrainRun>(), new List<DrainRun>(), new List<DrainRun>() };
        var n = settings.AggregationReports;
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            runs[0].Add(await BareDrainAsync(BenchPlan.Series($"Bare Spread R{repetition}", settings.SpreadPlans), n, cancellationToken));
            runs[1].Add(await ServiceDrainAsync([service], BenchPlan.Series($"Spread R{repetition}", settings.SpreadPlans), n, cancellationToken));
            runs[2].Add(await BareDrainAsync(BenchPlan.Series($"Bare Hot R{repetition}", 1), n, cancellationToken));
            runs[3].Add(await ServiceDrainAsync([service], BenchPlan.Series($"Hot R{repetition}", 1), n, cancellationToken));
            progress($"aggregation {repetition}/{settings.Repetitions}: bare {runs[0][^1].PerSecond:F0}/s, service {runs[1][^1].PerSecond:F0}/s over {settings.SpreadPlans} plans; " +
                     $"bare {runs[2][^1].PerSecond:F0}/s, service {runs[3][^1].PerSecond:F0}/s ({runs[3][^1].Retries} retries) in one hot plan");
        }

        return new AggregationFigures(
            DrainFigure.Of("bare loop, 50 plans", settings.SpreadPlans, runs[0]),
            DrainFigure.Of("service, 50 plans", settings.SpreadPlans, runs[1]),
            DrainFigure.Of("bare loop, 1 hot plan", 1, runs[2]),
            DrainFigure.Of("service, 1 hot plan", 1, runs[3]));
    }

    /// <summary>
    /// Two service processes on this storage account against one, alternating in each repetition, over 50
    /// plans and in one hot plan. Every drain checks that each report was counted exactly once (and none
    /// poisoned), and throws otherwise: the benchmark fails loudly.
    /// </summary>
    public async Task<TwoInstanceFigures> RunTwoInstancesAsync(ServiceProcess second, CancellationToken cancellationToken)
    {
        progress("two instances: warming up the second");
        await ServiceDrainAsync([second], BenchPlan.Series("Second Warmup", 10), 200, cancellationToken);
        var runs = new[] { new List<DrainRun>(), new List<DrainRun>(), new List<DrainRun>(), new List<DrainRun>() };
        var n = settings.AggregationReports;
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            runs[0].Add(await ServiceDrainAsync([service], BenchPlan.Series($"One Spread R{repetition}", settings.SpreadPlans), n, cancellationToken));
            runs[1].Add(await ServiceDrainAsync([service, second], BenchPlan.Series($"Two Spread R{repetition}", settings.SpreadPlans), n, cancellationToken));
            runs[2].Add(await ServiceDrainAsync([service], BenchPlan.Series($"One Hot R{repetition}", 1), n, cancellationToken));
            runs[3].Add(await ServiceDrainAsync([service, second], BenchPlan.Series($"Two Hot R{repetition}", 1), n, cancellationToken));
            progress($"two instances {repetition}/{settings.Repetitions}: one {runs[0][^1].PerSecond:F0}/s, two {runs[1][^1].PerSecond:F0}/s over {settings.SpreadPlans} plans; " +
                     $"one {runs[2][^1].PerSecond:F0}/s, two {runs[3][^1].PerSecond:F0}/s ({runs[3][^1].Retries} retries) in one hot plan; every report counted once");
        }

        return new TwoInstanceFigures(
            DrainFigure.Of("one instance, 50 plans", settings.SpreadPlans, runs[0]),
            DrainFigure.Of("two instances, 50 plans", settings.SpreadPlans, runs[1]),
            DrainFigure.Of("one instance, 1 hot plan", 1, runs[2]),
            DrainFigure.Of("two instances, 1 hot plan", 1, runs[3]));
    }

    /// <summary>
    /// A drain under the real host, whose queue trigger cannot be paused: the envelopes are queued invisible
    /// for a while (so they are all queued before the first is seen), and the drain is timed from the first
    /// report taken off the queue to an empty queue (a poll every 20 ms), then checked like the others.
    /// </summary>
    public async Task<DrainFigure> RunRealHostAsync(CpuMeter hostCpu, CancellationToken cancellationToken)
    {
        var runs = new List<DrainRun>();
        await RealHostDrainAsync(BenchPlan.Series("Real Warmup", 10), 200, hostCpu, cancellationToken);
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            runs.Add(await RealHostDrainAsync(BenchPlan.Series($"Real Spread R{repetition}", settings.SpreadPlans), settings.AggregationReports, hostCpu, cancellationToken));
            progress($"aggregation under the real host {repetition}/{settings.Repetitions}: {runs[^1].PerSecond:F0}/s over {settings.SpreadPlans} plans");
        }

        return DrainFigure.Of("real host, 50 plans", settings.SpreadPlans, runs);
    }

    private async Task<DrainRun> RealHostDrainAsync(IReadOnlyList<BenchPlan> plans, int reports, CpuMeter hostCpu, CancellationToken cancellationToken)
    {
        await PlanRows.ResetAsync(tables, cancellationToken);
        var hidden = TimeSpan.FromSeconds(Math.Max(15, reports / 25.0));
        var filled = Stopwatch.StartNew();
        await FillAsync(_reports, plans, reports, cancellationToken, hidden);
        if (filled.Elapsed > hidden)
        {
            progress($"aggregation under the real host: queueing {reports} envelopes took {filled.Elapsed.TotalSeconds:F1} s, longer than they stay hidden ({hidden.TotalSeconds:F0} s): the host started on the first ones while the last were queued");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout + hidden);
        while ((await _reports.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount >= reports)
        {
            await Task.Delay(20, timeout.Token);
        }

        var busy = hostCpu.Start();
        var clock = Stopwatch.StartNew();
        while ((await _reports.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var used = hostCpu.Since(busy);
        await CheckCountedAsync(plans, reports, cancellationToken);
        await CheckNothingPoisonedAsync(cancellationToken);
        return new DrainRun(reports, seconds, reports / seconds, 0, used);
    }

    private async Task<DrainRun> ServiceDrainAsync(IReadOnlyList<ServiceProcess> services, IReadOnlyList<BenchPlan> plans, int reports, CancellationToken cancellationToken)
    {
        await PlanRows.ResetAsync(tables, cancellationToken);
        await FillAsync(_reports, plans, reports, cancellationToken);
        var retries = services.Sum(s => s.RetryEvents);
        var busy = cpu.Start();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(services.Select(s => s.ResumeQueueTriggersAsync()));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        while ((await _reports.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var used = cpu.Since(busy);
        await Task.WhenAll(services.Select(s => s.PauseQueueTriggersAsync()));
        await CheckCountedAsync(plans, reports, cancellationToken);
        await CheckNothingPoisonedAsync(cancellationToken);
        return new DrainRun(reports, seconds, reports / seconds, services.Sum(s => s.RetryEvents) - retries, used);
    }

    private async Task CheckNothingPoisonedAsync(CancellationToken cancellationToken)
    {
        var poisoned = (await _poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        if (poisoned > 0)
        {
            throw new InvalidOperationException($"{poisoned} reports went to the poison queue.");
        }
    }

    private async Task<DrainRun> BareDrainAsync(IReadOnlyList<BenchPlan> plans, int reports, CancellationToken cancellationToken)
    {
        await PlanRows.ResetAsync(tables, cancellationToken);
        await FillAsync(_bare, plans, reports, cancellationToken);
        var loop = new BareAggregationLoop(_bare, _planStats, _host);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var busy = cpu.Start();
        var clock = Stopwatch.StartNew();
        await loop.DrainAsync(reports, timeout.Token);
        var seconds = clock.Elapsed.TotalSeconds;
        var used = cpu.Since(busy);
        await CheckCountedAsync(plans, reports, cancellationToken);
        return new DrainRun(reports, seconds, reports / seconds, loop.Conflicts, used);
    }

    /// <summary>Queues the envelopes of report 0..n-1, round robin over the plans, 32 at a time (optionally hidden for a while).</summary>
    private static async Task FillAsync(QueueClient queue, IReadOnlyList<BenchPlan> plans, int reports, CancellationToken cancellationToken, TimeSpan? hidden = null)
    {
        var receivedAt = TimeProvider.System.GetUtcNow();
        await Parallel.ForAsync(0, reports, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var report = SampleReports.Create(plans[i % plans.Count], i);
            await queue.SendMessageAsync(SampleReports.Envelope(report, Guid.NewGuid().ToString("D"), receivedAt), hidden, cancellationToken: token);
        });
    }

    private async Task CheckCountedAsync(IReadOnlyList<BenchPlan> plans, int reports, CancellationToken cancellationToken)
    {
        var counted = await PlanRows.CountedAsync(_planStats, plans.Select(p => p.PlanKey), cancellationToken);
        if (counted != reports)
        {
            throw new InvalidOperationException($"The aggregates count {counted} reports in plans '{plans[0].Insurer}' where {reports} were queued.");
        }
    }
}
