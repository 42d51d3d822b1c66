using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Workload;
using Survey.Shared;
using Survey.Shared.Reports;
using Survey.Shared.Signals;
using Survey.Shared.Storage;

namespace Survey.Benchmarks.Measures;

/// <summary>One repetition of the signals reads against one store: the p50 of each read, in ms.</summary>
internal sealed record SignalsReadRun(int Requests, double JsonP50Ms, double JsonP95Ms, double CsvP50Ms, double BareP50Ms);

/// <summary>The signals reads of one store (medians over repetitions): what it holds, and how long each read took.</summary>
internal sealed record SignalsReadFigure(int StoredReports, int Plans, int Signals, double JsonP50Ms, double JsonP95Ms, double CsvP50Ms, double FilteredP50Ms, double BareP50Ms, IReadOnlyList<SignalsReadRun> Runs);

/// <summary>The signals reads of a small and a large store, and their ratios (large over small; flat is 1).</summary>
internal sealed record SignalsReadFigures(SignalsReadFigure Small, SignalsReadFigure Large, double SeedSeconds)
{
    public const string JsonTarget = "signals read p50 (GET /api/signals), large store / small store";
    public const string CsvTarget = "signals read p50 (GET /api/signals.csv), large store / small store";

    public double JsonRatio => Math.Round(Stats.Ratio(Large.JsonP50Ms, Small.JsonP50Ms), 3);

    public double CsvRatio => Math.Round(Stats.Ratio(Large.CsvP50Ms, Small.CsvP50Ms), 3);

    public double FilteredRatio => Math.Round(Stats.Ratio(Large.FilteredP50Ms, Small.FilteredP50Ms), 3);

    /// <summary>Both ratios against their target, ≤ 1.2 like the stats reads.</summary>
    public IReadOnlyList<TargetCheck> Targets =>
    [
        new(JsonTarget, JsonRatio, "<=", 1.2),
        new(CsvTarget, CsvRatio, "<=", 1.2),
    ];

    public string Method => I(
        $"Signals reads: two stores side by side (an Azurite on a fresh folder and a service each), seeded with the rows the aggregator writes for {Small.StoredReports:N0} and {Large.StoredReports:N0} reports over the same {Small.Plans} plans, in which home-visit denials stop in July 2025 (a third denied before, none after; every other series constant); the signals recomputed once in each by the app's SignalService (what the RecomputeSignals timer runs), and both services must list the same signals, one per plan at 2025-07; per repetition {Small.Runs[0].Requests} sequential GET /api/signals and /api/signals.csv on each, alternating between the stores request by request, each followed by its bare storage read (one query of the signals table's partition); after all repetitions and a pause for Azurite to settle, GET /api/signals?setting=home a third as many times, alternating the same way.");

    /// <summary>The rows of the results table: the two targets, then the filtered read and the bare read for reference.</summary>
    public IEnumerable<(string Figure, string Measured, string Baseline, double Ratio, TargetCheck? Check)> Rows()
    {
        var targets = Targets;
        yield return (I($"Signals read p50 (GET /api/signals), {Large.StoredReports:N0} reports"), I($"{Large.JsonP50Ms:F1} ms (p95 {Large.JsonP95Ms:F1}; {Large.Signals} signals)"),
            I($"{Small.StoredReports:N0} reports: {Small.JsonP50Ms:F1} ms (p95 {Small.JsonP95Ms:F1}; {Small.Signals} signals)"), JsonRatio, targets[0]);
        yield return (I($"Signals read p50 (GET /api/signals.csv), {Large.StoredReports:N0} reports"), I($"{Large.CsvP50Ms:F1} ms"), I($"{Small.StoredReports:N0} reports: {Small.CsvP50Ms:F1} ms"), CsvRatio, targets[1]);
        yield return (I($"(reference) signals with a filter (?setting=home, tested on the spot over the cells), {Large.StoredReports:N0} reports"), I($"{Large.FilteredP50Ms:F1} ms"),
            I($"{Small.StoredReports:N0} reports: {Small.FilteredP50Ms:F1} ms"), FilteredRatio, null);
        yield return (I($"(reference) bare signals partition query, {Large.StoredReports:N0} reports"), I($"{Large.BareP50Ms:F1} ms"), I($"{Small.StoredReports:N0} reports: {Small.BareP50Ms:F1} ms"),
            Math.Round(Stats.Ratio(Large.BareP50Ms, Small.BareP50Ms), 3), null);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Reading <c>/api/signals</c> as reports grow (issue #17: "stays flat"). Like <see cref="ReadBenchmark"/>: two stores side
/// by side (<see cref="ReadStore"/>), one with ten times the reports of the other over the same plans, left to settle, then
/// the reads alternate between the stores request by request so both sizes share the same seconds of a noisy machine.
/// The reports are shaped so that each plan has one real change (home-visit denials stop in July 2025), so the signals
/// listed are the same in both stores: what grows is the reports and their counts, not the answer.
/// </summary>
internal sealed class SignalsReadBenchmark(BenchmarkSettings settings, string repositoryRoot, string keyName, string functionKey, Action<string> progress)
{
    public const string ChangeMonth = "2025-07";
    private const string SignalsTable = "signals";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);
    private const string Filtered = "/api/signals?setting=home";
    private static readonly string[] Paths = ["/api/signals", "/api/signals.csv"];

    /// <summary>Runs the measure alone (<c>-- signals-read [--quick]</c>): prints its rows and writes <c>artifacts/benchmarks/signals-read.{json,md}</c>.</summary>
    public static async Task<int> RunAloneAsync(BenchmarkSettings settings, string repositoryRoot)
    {
        var clock = Stopwatch.StartNew();
        var date = TimeProvider.System.GetUtcNow();
        void Progress(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");
        Progress($"Survey benchmark, signals reads only ({settings.Mode}): {settings.Repetitions} repetitions");
        var figures = await new SignalsReadBenchmark(settings, repositoryRoot, "bench", "bench-key-123456", Progress).RunAsync(CancellationToken.None);
        var machine = await MachineInfo.ReadAsync(repositoryRoot);
        var results = new SignalsReadResults(settings.Mode, date, settings.Repetitions, machine, Math.Round(clock.Elapsed.TotalSeconds), figures.JsonRatio, figures.CsvRatio, figures.Targets, figures, [figures.Method]);
        var (json, markdown) = await ResultsReport.WriteAsync(results, Path.Combine(repositoryRoot, "artifacts", "benchmarks"), "signals-read", ResultsReport.SignalsReadMarkdown(results));
        Console.WriteLine();
        Console.WriteLine(ResultsReport.SignalsReadMarkdown(results));
        Progress($"written {Path.GetRelativePath(repositoryRoot, json)} and {Path.GetRelativePath(repositoryRoot, markdown)}");
        return 0;
    }

    public async Task<SignalsReadFigures> RunAsync(CancellationToken cancellationToken)
    {
        progress("signals reads: starting two stores (an Azurite and a service each)");
        await using var small = await ReadStore.StartAsync(repositoryRoot, settings.SignalPlans, keyName, functionKey, progress);
        await using var large = await ReadStore.StartAsync(repositoryRoot, settings.SignalPlans, keyName, functionKey, progress);

        var clock = Stopwatch.StartNew();
        await small.SeedAsync(settings.SignalSmallPerPlan, cancellationToken, Report);
        await large.SeedAsync(settings.SignalSmallPerPlan * settings.SignalGrowth, cancellationToken, Report);
        var seedSeconds = clock.Elapsed.TotalSeconds;
        await small.CheckListedAsync(cancellationToken);
        await large.CheckListedAsync(cancellationToken);
        var signals = (Small: await RecomputeAsync(small, cancellationToken), Large: await RecomputeAsync(large, cancellationToken));
        var settled = (await small.SettleAsync(SettleLimit, cancellationToken)) + (await large.SettleAsync(SettleLimit, cancellationToken));
        progress($"signals reads: seeded {small.StoredReports:N0} and {large.StoredReports:N0} reports in {seedSeconds:F0} s, {signals.Small} signals each; Azurite settled after {settled.TotalSeconds:F0} s");

        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < Warmup)
        {
            foreach (var path in Paths.Append(Filtered))
            {
                await ReadAsync(small, path, cancellationToken);
                await ReadAsync(large, path, cancellationToken);
            }
        }

        // The filtered reads are measured apart, after the others: each makes Azurite scan partitions, and its aftermath
        // (Azurite's garbage collection) would land on the next reads of the same store.
        await small.SettleAsync(SettleLimit, cancellationToken);
        await large.SettleAsync(SettleLimit, cancellationToken);

        var runs = (Small: new List<SignalsReadRun>(), Large: new List<SignalsReadRun>());
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var (smallRun, largeRun) = await MeasureAsync(small, large, cancellationToken);
            runs.Small.Add(smallRun);
            runs.Large.Add(largeRun);
        }

        var filtered = await MeasureFilteredAsync(small, large, cancellationToken);
        var figures = new SignalsReadFigures(Figure(small, signals.Small, runs.Small, filtered.Small), Figure(large, signals.Large, runs.Large, filtered.Large), seedSeconds);
        progress($"signals reads: GET /api/signals p50 {figures.Small.JsonP50Ms:F1} ms with {small.StoredReports:N0} reports, {figures.Large.JsonP50Ms:F1} ms with {large.StoredReports:N0} ({figures.JsonRatio:F2}×); .csv {figures.CsvRatio:F2}×");
        return figures;
    }

    /// <summary>
    /// Report <paramref name="index"/> of a plan: the ordinary sample report (months, roles and settings spread evenly), decided
    /// so that every month has the same rates (a third of each setting's reports denied), except home visits, none denied from
    /// <see cref="ChangeMonth"/> on. The reports told "covered" beforehand are never denied, so that series stays constant too.
    /// </summary>
    internal static Report Report(BenchPlan plan, int index)
    {
        var report = SampleReports.Create(plan, index);
        var denied = index % 3 == 1 && !(report.Setting == "home" && string.CompareOrdinal(report.ServiceMonth, ChangeMonth) >= 0);
        return report with { Outcome = denied ? "denied" : "covered-in-full", DenialReason = denied ? ReportSchema.DenialReasons[0] : null };
    }

    /// <summary>
    /// Recomputes the store's signals with the app's own <see cref="SignalService"/> (what the <c>RecomputeSignals</c> timer runs;
    /// the service's timers do not run in the benchmark), then reads them through the service: one per plan, at the change month.
    /// </summary>
    private static async Task<int> RecomputeAsync(ReadStore store, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionName] = store.ConnectionString,
            ["Survey:Campaigns:PublicBaseUrl"] = "http://127.0.0.1/api",
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddSurvey(configuration).BuildServiceProvider())
        {
            await services.GetRequiredService<SignalService>().RecomputeAsync(force: true, cancellationToken);
        }

        using var request = store.CommitteeRequest(Paths[0]);
        using var response = await store.Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var list = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var found = list["signals"]!.AsArray().Select(s => $"{s!["planKey"]}|{s["setting"]}|{s["measure"]}|{s["month"]}").Order(StringComparer.Ordinal).ToList();
        var expected = store.Plans.Select(p => $"{p.PlanKey}|home|denied|{ChangeMonth}").Order(StringComparer.Ordinal).ToList();
        return list["computedAt"] is not null && found.SequenceEqual(expected)
            ? found.Count
            : throw new InvalidOperationException($"The store of {store.StoredReports:N0} reports lists the signals [{string.Join(", ", found)}] (computed at {list["computedAt"]}) where one per plan at home, denied, {ChangeMonth} was seeded.");
    }

    /// <summary>One repetition: each read of one store next to the same read of the other, alternating which goes first.</summary>
    private async Task<(SignalsReadRun Small, SignalsReadRun Large)> MeasureAsync(ReadStore small, ReadStore large, CancellationToken cancellationToken)
    {
        var latencies = (Small: new List<double>[Paths.Length + 1], Large: new List<double>[Paths.Length + 1]);
        for (var k = 0; k <= Paths.Length; k++)
        {
            (latencies.Small[k], latencies.Large[k]) = ([], []);
        }

        for (var i = 0; i < settings.ReadsPerRepetition; i++)
        {
            var smallFirst = i % 2 == 0;
            var (first, second) = smallFirst ? (small, large) : (large, small);
            for (var k = 0; k <= Paths.Length; k++)
            {
                var firstMs = k < Paths.Length ? await ReadAsync(first, Paths[k], cancellationToken) : await BareReadAsync(first, cancellationToken);
                var secondMs = k < Paths.Length ? await ReadAsync(second, Paths[k], cancellationToken) : await BareReadAsync(second, cancellationToken);
                latencies.Small[k].Add(smallFirst ? firstMs : secondMs);
                latencies.Large[k].Add(smallFirst ? secondMs : firstMs);
            }
        }

        return (Run(latencies.Small), Run(latencies.Large));
    }

    /// <summary>The p50 of the filtered read on each store: a third of a repetition's reads, alternating, after the other reads.</summary>
    private async Task<(double Small, double Large)> MeasureFilteredAsync(ReadStore small, ReadStore large, CancellationToken cancellationToken)
    {
        var latencies = (Small: new List<double>(), Large: new List<double>());
        for (var i = 0; i < Math.Max(5, settings.ReadsPerRepetition / 3); i++)
        {
            var smallFirst = i % 2 == 0;
            var firstMs = await ReadAsync(smallFirst ? small : large, Filtered, cancellationToken);
            var secondMs = await ReadAsync(smallFirst ? large : small, Filtered, cancellationToken);
            latencies.Small.Add(smallFirst ? firstMs : secondMs);
            latencies.Large.Add(smallFirst ? secondMs : firstMs);
        }

        return (Stats.Median(latencies.Small), Stats.Median(latencies.Large));
    }

    private static SignalsReadRun Run(List<double>[] latencies)
    {
        foreach (var list in latencies)
        {
            list.Sort();
        }

        return new SignalsReadRun(latencies[0].Count, Stats.Percentile(latencies[0], 50), Stats.Percentile(latencies[0], 95), Stats.Percentile(latencies[1], 50), Stats.Percentile(latencies[2], 50));
    }

    private SignalsReadFigure Figure(ReadStore store, int signals, List<SignalsReadRun> runs, double filteredP50Ms) => new(
        store.StoredReports,
        settings.SignalPlans,
        signals,
        Stats.Median(runs.Select(r => r.JsonP50Ms)),
        Stats.Median(runs.Select(r => r.JsonP95Ms)),
        Stats.Median(runs.Select(r => r.CsvP50Ms)),
        filteredP50Ms,
        Stats.Median(runs.Select(r => r.BareP50Ms)),
        runs);

    /// <summary>The storage work of the unfiltered read done bare: one query of the signals table's partition.</summary>
    private static async Task<double> BareReadAsync(ReadStore store, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = 0;
        await foreach (var row in store.Tables.GetTableClient(SignalsTable).QueryAsync<TableEntity>(e => e.PartitionKey == "signal", cancellationToken: cancellationToken))
        {
            rows += row.GetString("Json")?.Length > 0 ? 1 : 0;
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> ReadAsync(ReadStore store, string path, CancellationToken cancellationToken)
    {
        using var request = store.CommitteeRequest(path);
        var started = Stopwatch.GetTimestamp();
        using var response = await store.Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}

/// <summary>What <c>-- signals-read</c> writes: the same figures and targets as in a whole run's <c>results.json</c>.</summary>
internal sealed record SignalsReadResults(
    string Mode, DateTimeOffset Date, int Repetitions, MachineInfo Machine, double DurationSeconds, double SignalsReadRatio, double SignalsCsvReadRatio,
    IReadOnlyList<TargetCheck> Targets, SignalsReadFigures SignalReads, IReadOnlyList<string> Method);
