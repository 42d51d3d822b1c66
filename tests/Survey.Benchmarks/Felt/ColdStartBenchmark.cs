using System.Net;
using System.Net.Http.Headers;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Service;
using Survey.Benchmarks.Workload;

namespace Survey.Benchmarks.Felt;

/// <summary>One fresh start: milliseconds from starting <c>run-host.sh</c> to the first 200 of a GET and the first 202 of a POST.</summary>
internal sealed record ColdStart(double FirstGetMs, double FirstPostMs);

/// <summary>Medians of fresh starts of one published app under the real host.</summary>
internal sealed record ColdStartFigure(string App, double FirstGetMs, double FirstPostMs, IReadOnlyList<ColdStart> Starts)
{
    public static ColdStartFigure Of(string app, IReadOnlyList<ColdStart> starts)
        => new(app, Math.Round(Stats.Median(starts.Select(s => s.FirstGetMs))), Math.Round(Stats.Median(starts.Select(s => s.FirstPostMs))), starts);
}

internal sealed record ColdStartFigures(ColdStartFigure Baseline, ColdStartFigure App, ColdStartFigure? ReadyToRun, string? ReadyToRunNote);

/// <summary>
/// Cold starts under the real host: the app (<c>GET /api/form</c> → 200, then <c>POST /api/reports</c> → 202)
/// against the baseline, a minimal isolated worker app with the same packages (<c>ColdStartBaseline/</c>:
/// <c>GET /api/hello</c> → 200, <c>POST /api/hello</c> → 202), alternating start by start so both see the
/// same machine. Each start is a new host process with fresh secrets, polled every 20 ms from the moment
/// it was started. Optionally the app published ReadyToRun (<c>-r linux-x64 -p:PublishReadyToRun=true</c>).
/// </summary>
internal sealed class ColdStartBenchmark(string repositoryRoot, string connectionString, IReadOnlyDictionary<string, string> appSettings, Action<string> progress)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public async Task<ColdStartFigures> RunAsync(string app, int starts, bool readyToRunToo, CancellationToken cancellationToken)
    {
        progress("cold start: publishing the baseline app");
        var baseline = await RealHostProcess.PublishAsync(repositoryRoot, Path.Combine(repositoryRoot, "tests", "Survey.Benchmarks", "ColdStartBaseline"));
        string? readyToRun = null;
        string? note = readyToRunToo ? null : "ReadyToRun: measured in the full run only (its publish takes minutes).";
        if (readyToRunToo)
        {
            try
            {
                progress("cold start: publishing the app ReadyToRun");
                readyToRun = await RealHostProcess.PublishAsync(repositoryRoot, Path.Combine(repositoryRoot, "functions", "Survey.Functions"), "RuntimeIdentifier=linux-x64", "SelfContained=false", "PublishReadyToRun=true");
            }
            catch (InvalidOperationException exception)
            {
                note = "ReadyToRun publish failed: " + exception.Message.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
                progress("cold start: " + note);
            }
        }

        var runs = (Baseline: new List<ColdStart>(), App: new List<ColdStart>(), ReadyToRun: new List<ColdStart>());
        for (var start = 1; start <= starts; start++)
        {
            runs.Baseline.Add(await StartOnceAsync(baseline, "/api/hello", "/api/hello", cancellationToken));
            runs.App.Add(await StartOnceAsync(app, "/api/form", "/api/reports", cancellationToken));
            if (readyToRun is not null)
            {
                runs.ReadyToRun.Add(await StartOnceAsync(readyToRun, "/api/form", "/api/reports", cancellationToken));
            }

            progress($"cold start {start}/{starts}: baseline {runs.Baseline[^1].FirstGetMs:F0}/{runs.Baseline[^1].FirstPostMs:F0} ms, app {runs.App[^1].FirstGetMs:F0}/{runs.App[^1].FirstPostMs:F0} ms" +
                     (readyToRun is null ? "" : $", app ReadyToRun {runs.ReadyToRun[^1].FirstGetMs:F0}/{runs.ReadyToRun[^1].FirstPostMs:F0} ms") + " (first GET 200 / first POST 202)");
        }

        return new ColdStartFigures(
            ColdStartFigure.Of("baseline (one anonymous HTTP function)", runs.Baseline),
            ColdStartFigure.Of("Survey.Functions", runs.App),
            readyToRun is null ? null : ColdStartFigure.Of("Survey.Functions, ReadyToRun", runs.ReadyToRun),
            note);
    }

    private async Task<ColdStart> StartOnceAsync(string app, string getPath, string postPath, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await using var host = RealHostProcess.Start(repositoryRoot, app, connectionString, appSettings);
        var firstGet = await host.WaitForAsync(client, () => new HttpRequestMessage(HttpMethod.Get, new Uri(host.Address, getPath)), HttpStatusCode.OK, Limit);
        var plan = BenchPlan.Numbered("Cold Start", 0);
        var firstPost = await host.WaitForAsync(client, () =>
        {
            var content = new ByteArrayContent(SampleReports.SubmissionBody(SampleReports.Create(plan, 0), Guid.NewGuid()));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, postPath)) { Content = content };
        }, HttpStatusCode.Accepted, Limit);
        cancellationToken.ThrowIfCancellationRequested();
        return new ColdStart(Math.Round(firstGet), Math.Round(firstPost));
    }
}
