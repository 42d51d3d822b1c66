using System.Diagnostics;
using Survey.Benchmarks.Results;

namespace Survey.Benchmarks.Measures;

/// <summary>One window of a closed-loop load: throughput and latency of the operations that succeeded.</summary>
internal sealed record LoadRun(int Concurrency, int Completed, int Failed, double Seconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms)
{
    public CpuUse? Cpu { get; init; }
}

/// <summary>
/// <c>concurrency</c> workers, each issuing the next operation as soon as its last one answered, until the
/// window's time or operation count runs out. Throughput is completed operations over the window's wall time.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadRun> RunAsync(int concurrency, TimeSpan window, int maxOperations, CpuMeter cpu, Func<int, Task<bool>> operation)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var busy = cpu.Start();
        var issued = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            var latencies = new List<double>();
            var failed = 0;
            int sequence;
            while (clock.Elapsed < window && (sequence = Interlocked.Increment(ref issued)) <= maxOperations)
            {
                var started = Stopwatch.GetTimestamp();
                if (await operation(sequence))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    failed++;
                }
            }

            return (latencies, failed);
        }).ToList();

        var results = await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r.latencies).Order().ToList();
        return new LoadRun(
            concurrency,
            all.Count,
            results.Sum(r => r.failed),
            seconds,
            all.Count / seconds,
            Stats.Percentile(all, 50),
            Stats.Percentile(all, 95),
            Stats.Percentile(all, 99))
        {
            Cpu = cpu.Since(busy),
        };
    }
}
