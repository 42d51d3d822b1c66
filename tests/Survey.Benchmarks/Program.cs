using Survey.Benchmarks;
using Survey.Benchmarks.Service;

// dotnet run -c Release --project tests/Survey.Benchmarks -- [--quick]
// Starts its own Azurite and the service (this program again, in `serve` mode, as a child process),
// measures ingest, aggregation, reads and memory against bare storage loops, then (issue #18) two
// instances, freshness, the real host, the form on a throttled phone and cold starts against their
// baselines, and writes
// artifacts/benchmarks/results.{json,md}.
if (args is ["serve", .. var serveArgs])
{
    return await ServeCommand.RunAsync(serveArgs);
}

// dotnet run -c Release --project tests/Survey.Benchmarks -- signals: the CPU of one signals recompute (in process, no storage).
if (args is ["signals"])
{
    return Survey.Benchmarks.Measures.SignalsBenchmark.Run(repetitions: 5);
}

// dotnet run -c Release --project tests/Survey.Benchmarks -- signals-read [--quick]: GET /api/signals (and .csv) with N and 10×N reports.
if (args is ["signals-read", .. var readArgs] && BenchmarkSettings.Parse(readArgs) is { } readSettings)
{
    return await Survey.Benchmarks.Measures.SignalsReadBenchmark.RunAloneAsync(readSettings, BenchmarkRun.RepositoryRoot());
}

// dotnet run -c Release --project tests/Survey.Benchmarks -- ingest [--quick]: POST /api/reports against a bare Put Message, alone.
if (args is ["ingest", .. var ingestArgs] && BenchmarkSettings.Parse(ingestArgs) is { } ingestSettings)
{
    return await BenchmarkRun.RunIngestAloneAsync(ingestSettings);
}

var settings = BenchmarkSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/Survey.Benchmarks -- [--quick | ingest [--quick] | signals | signals-read [--quick]]");
    return 2;
}

return await BenchmarkRun.RunAsync(settings);
