using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Workload;

namespace Survey.Benchmarks.Felt;

/// <summary>How long after its <c>202</c> a report shows in <c>GET /api/stats/plans</c>, under a steady load.</summary>
internal sealed record FreshnessFigure(string Host, double TargetPerSecond, double SentPerSecond, double Seconds, int Sent, int Failed, int Probes, int NeverSeen, double P50Ms, double P95Ms, double P99Ms, IReadOnlyDictionary<string, int> Failures);

/// <summary>
/// An open-loop load: report <c>i</c> is posted at <c>i / rate</c> seconds whether or not the earlier ones
/// answered (at most 64 in flight: when the service falls behind, the rate sent drops below the target, and the figure says so), for the window. About five reports a second are probes, each in a plan
/// of its own; all others go to 20 load plans. Meanwhile one client reads <c>GET /api/stats/plans</c> (a
/// committee credential) back to back, and notes when each probe's plan first lists a report. Freshness is
/// that moment minus the moment its <c>202</c> arrived (so it is at most one read late). After the window
/// the reads go on until every probe is seen, or for 60 s; a probe never seen is counted, not timed.
/// </summary>
internal sealed class FreshnessBenchmark(HttpClient http, string committeeCredential, Action<string> progress)
{
    private static readonly TimeSpan Straggle = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public async Task<FreshnessFigure> RunAsync(string host, string series, double rate, TimeSpan window, CancellationToken cancellationToken)
    {
        var plans = BenchPlan.Series($"{series} Load", 20);
        var probeEvery = Math.Max(1, (int)Math.Round(rate / 5));
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadUntilStoppedAsync(reading.Token);
        using var inFlight = new SemaphoreSlim(64);
        var posts = new List<Task<bool>>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due >= window)
            {
                break;
            }

            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            await inFlight.WaitAsync(cancellationToken);
            var plan = i % probeEvery == 0 ? BenchPlan.Numbered($"{series} Probe", i) : plans[i % plans.Count];
            posts.Add(PostAsync(plan, i, probe: i % probeEvery == 0, inFlight));
        }

        var results = await Task.WhenAll(posts);
        var seconds = clock.Elapsed.TotalSeconds;
        var straggle = Stopwatch.StartNew();
        while (_seen.Count < _accepted.Count(a => a.Value > 0) && straggle.Elapsed < Straggle)
        {
            await Task.Delay(100, cancellationToken);
        }

        await reading.CancelAsync();
        await reader;
        var latencies = _seen.Values.Order().ToList();
        var probes = _accepted.Count(a => a.Value > 0);
        var figure = new FreshnessFigure(host, Math.Round(rate, 1), Math.Round(results.Length / seconds, 1), Math.Round(seconds, 1), results.Length, results.Count(ok => !ok), probes, probes - latencies.Count,
            Math.Round(Stats.Percentile(latencies, 50)), Math.Round(Stats.Percentile(latencies, 95)), Math.Round(Stats.Percentile(latencies, 99)), new SortedDictionary<string, int>(_failures));
        progress($"freshness ({host}): {figure.SentPerSecond:F0} POST/s for {seconds:F0} s, {probes} probes, p50/p95/p99 {figure.P50Ms}/{figure.P95Ms}/{figure.P99Ms} ms, {figure.NeverSeen} never seen, {figure.Failed} failed ({string.Join(", ", figure.Failures.Select(f => $"{f.Key}: {f.Value}"))})");
        return figure;
    }

    private async Task<bool> PostAsync(BenchPlan plan, int sequence, bool probe, SemaphoreSlim inFlight)
    {
        try
        {
            if (probe)
            {
                _accepted[plan.PlanKey] = 0;
            }

            using var content = new ByteArrayContent(SampleReports.SubmissionBody(SampleReports.Create(plan, sequence), Guid.NewGuid()));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri("/api/reports", UriKind.Relative), content);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                _failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                _accepted.TryRemove(plan.PlanKey, out _);
                return false;
            }

            if (probe)
            {
                _accepted[plan.PlanKey] = Stopwatch.GetTimestamp();
            }

            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            _failures.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
            _accepted.TryRemove(plan.PlanKey, out _);
            return false;
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task ReadUntilStoppedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/stats/plans", UriKind.Relative));
                request.Headers.Add("x-committee-key", committeeCredential);
                using var response = await http.SendAsync(request, cancellationToken);
                var now = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET /api/stats/plans answered {(int)response.StatusCode}.");
                }

                var listed = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["plans"]!.AsArray();
                foreach (var plan in listed)
                {
                    var key = (string)plan!["planKey"]!;
                    if (_accepted.TryGetValue(key, out var accepted) && accepted > 0 && (long)plan["reports"]! > 0 && !_seen.ContainsKey(key))
                    {
                        _seen[key] = Math.Max(0, Stopwatch.GetElapsedTime(accepted, now).TotalMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
