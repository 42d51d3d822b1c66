using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Service;
using Survey.Benchmarks.Workload;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Measures;

/// <summary>A load figure: the median over repetitions of each measure.</summary>
internal sealed record LoadFigure(int Concurrency, double PerSecond, double P50Ms, double P95Ms, double P99Ms, CpuUse Cpu, IReadOnlyList<LoadRun> Runs)
{
    public static LoadFigure Of(IReadOnlyList<LoadRun> runs) => new(
        runs[0].Concurrency,
        Stats.Median(runs.Select(r => r.PerSecond)),
        Stats.Median(runs.Select(r => r.P50Ms)),
        Stats.Median(runs.Select(r => r.P95Ms)),
        Stats.Median(runs.Select(r => r.P99Ms)),
        CpuUse.Median(runs.Select(r => r.Cpu!)),
        runs);
}

/// <summary>What ingest measured: raw enqueue and <c>POST /api/reports</c> per concurrency, and the service's memory meanwhile.</summary>
internal sealed record IngestFigures(IReadOnlyList<LoadFigure> Enqueue, IReadOnlyList<LoadFigure> Ingest, MemoryReading PeakMemory, double MaxSampledRssMb, int EnvelopeBytes);

/// <summary>
/// Ingest against its baseline, window by window in turn at each concurrency: a bare
/// <c>QueueClient.SendMessageAsync</c> of an envelope of the app's size (base64, like the app), then
/// <c>POST /api/reports</c> of valid reports with unique submission ids over a few plans. The service's
/// queue trigger is paused meanwhile (on Flex Consumption HTTP and queue triggers scale on separate
/// instances), and both queues are emptied after every window, so each window starts alike.
/// </summary>
internal sealed class IngestBenchmark(BenchmarkSettings settings, QueueServiceClient queues, HttpClient service, ServiceProcess? process, CpuMeter cpu, Action<string> progress)
{
    private const string BaselineQueue = "bench-enqueue";
    private readonly IReadOnlyList<BenchPlan> _plans = BenchPlan.Series("Ingest", 5);
    private readonly QueueClient _baseline = queues.GetQueueClient(BaselineQueue);
    private readonly QueueClient _reports = queues.GetQueueClient(StorageNames.ReportsQueue);

    /// <summary>
    /// Raw enqueue against <c>POST /api/reports</c> at one concurrency only, windows alternating as in
    /// <see cref="RunAsync"/> (after one warm-up window each): for a second host of the same app.
    /// </summary>
    public async Task<(LoadFigure Enqueue, LoadFigure Ingest)> CompareAtAsync(int concurrency, CancellationToken cancellationToken)
    {
        await _baseline.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await WindowAsync(Enqueue, concurrency, settings.LoadWindow, cancellationToken);
        await WindowAsync(Post, concurrency, settings.LoadWindow, cancellationToken);
        var (enqueue, ingest) = (new List<LoadRun>(), new List<LoadRun>());
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            enqueue.Add(await WindowAsync(Enqueue, concurrency, settings.LoadWindow, cancellationToken));
            ingest.Add(await WindowAsync(Post, concurrency, settings.LoadWindow, cancellationToken));
            progress($"ingest {repetition}/{settings.Repetitions} c={concurrency}: enqueue {enqueue[^1].PerSecond:F0}/s, POST {ingest[^1].PerSecond:F0}/s ({ingest[^1].Failed} failed)");
        }

        return (LoadFigure.Of(enqueue), LoadFigure.Of(ingest));
    }

    public async Task<IngestFigures> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        await _baseline.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        progress("ingest: warming up");
        foreach (var concurrency in settings.Concurrencies)
        {
            await WindowAsync(Enqueue, concurrency, settings.LoadWindow, cancellationToken);
            await WindowAsync(Post, concurrency, settings.LoadWindow, cancellationToken);
        }

        var enqueue = settings.Concurrencies.ToDictionary(c => c, _ => new List<LoadRun>());
        var ingest = settings.Concurrencies.ToDictionary(c => c, _ => new List<LoadRun>());
        using var memory = new MemorySampler(process);
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            foreach (var concurrency in settings.Concurrencies)
            {
                var raw = await WindowAsync(Enqueue, concurrency, settings.LoadWindow, cancellationToken);
                memory.Start();
                var posted = await WindowAsync(Post, concurrency, settings.LoadWindow, cancellationToken);
                await memory.StopAsync();
                enqueue[concurrency].Add(raw);
                ingest[concurrency].Add(posted);
                progress($"ingest {repetition}/{settings.Repetitions} c={concurrency}: enqueue {raw.PerSecond:F0}/s, POST {posted.PerSecond:F0}/s " +
                         $"(p50 {posted.P50Ms:F1} ms, {posted.Failed} failed; CPU % Azurite/service/client/other {posted.Cpu!.Azurite}/{posted.Cpu.Service}/{posted.Cpu.LoadGenerator}/{posted.Cpu.Other})");
            }
        }

        return new IngestFigures(
            settings.Concurrencies.Select(c => LoadFigure.Of(enqueue[c])).ToList(),
            settings.Concurrencies.Select(c => LoadFigure.Of(ingest[c])).ToList(),
            process.ReadMemory(),
            memory.MaxRssMb,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(EnvelopeOf(0))).Length);
    }

    private async Task<LoadRun> WindowAsync(Func<int, Task<bool>> operation, int concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        var run = await ClosedLoop.RunAsync(concurrency, window, settings.MaxOperationsPerWindow, cpu, operation);
        await _baseline.ClearMessagesAsync(cancellationToken);
        await _reports.ClearMessagesAsync(cancellationToken);
        return run;
    }

    private async Task<bool> Enqueue(int sequence)
    {
        try
        {
            await _baseline.SendMessageAsync(EnvelopeOf(sequence));
            return true;
        }
        catch (RequestFailedException)
        {
            return false;
        }
    }

    private async Task<bool> Post(int sequence)
    {
        var plan = _plans[sequence % _plans.Count];
        using var content = new ByteArrayContent(SampleReports.SubmissionBody(SampleReports.Create(plan, sequence), Guid.NewGuid()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await service.PostAsync(new Uri("/api/reports", UriKind.Relative), content);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private string EnvelopeOf(int sequence)
    {
        var plan = _plans[sequence % _plans.Count];
        return SampleReports.Envelope(SampleReports.Create(plan, sequence), Guid.NewGuid().ToString("D"), TimeProvider.System.GetUtcNow());
    }
}
