using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Survey.Benchmarks.Felt;
using Survey.Benchmarks.Measures;
using Survey.Benchmarks.Results;
using Survey.Benchmarks.Service;
using Survey.Local;

namespace Survey.Benchmarks;

/// <summary>
/// One benchmark run: its own Azurite on a fresh data folder, the service as a child process on loopback,
/// then ingest and aggregation, then reads on two stores of their own (<see cref="ReadStore"/>), and the
/// results written to <c>artifacts/benchmarks</c>. Azurite and the service are stopped by PID at the end.
/// </summary>
internal static class BenchmarkRun
{
    private const string KeyName = "bench";
    private const string FunctionKey = "bench-key-123456";

    /// <summary>
    /// The ingest figure alone (<c>-- ingest [--quick]</c>): its own Azurite and service, POST against a bare Put
    /// Message at each concurrency, the ratio printed; nothing written. For checking a change to the intake path.
    /// </summary>
    public static async Task<int> RunIngestAloneAsync(BenchmarkSettings settings)
    {
        var root = RepositoryRoot();
        var clock = Stopwatch.StartNew();
        void Progress(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");

        Progress($"Survey benchmark, ingest only ({settings.Mode}): {settings.Repetitions} repetitions per figure");
        var data = Path.Combine(Path.GetTempPath(), $"survey-bench-{Guid.NewGuid():N}");
        var azurite = await Azurite.StartAsync(root, data, Progress);
        try
        {
            await using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, KeyName, FunctionKey);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };
            var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var cpu = new CpuMeter(CpuMeter.AzuritePid(data), service.Pid);
            var ingest = await new IngestBenchmark(settings, queues, http, service, cpu, Progress).RunAsync(CancellationToken.None);
            for (var i = 0; i < ingest.Ingest.Count; i++)
            {
                Progress($"c={ingest.Ingest[i].Concurrency}: POST {ingest.Ingest[i].PerSecond:F0}/s, Put Message {ingest.Enqueue[i].PerSecond:F0}/s, ratio {Stats.Ratio(ingest.Ingest[i].PerSecond, ingest.Enqueue[i].PerSecond):F2}");
            }

            return 0;
        }
        finally
        {
            await azurite.StopAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    public static async Task<int> RunAsync(BenchmarkSettings settings)
    {
        var root = RepositoryRoot();
        var clock = Stopwatch.StartNew();
        var date = TimeProvider.System.GetUtcNow();
        void Progress(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");

        Progress($"Survey benchmark ({settings.Mode}): {settings.Repetitions} repetitions per figure");
        string? app = null;
        if (RealHostProcess.IsAvailable(root))
        {
            Progress("publishing functions/Survey.Functions (Release) for the real host");
            app = await RealHostProcess.PublishAsync(root, Path.Combine(root, "functions", "Survey.Functions"));
        }

        var data = Path.Combine(Path.GetTempPath(), $"survey-bench-{Guid.NewGuid():N}");
        var azurite = await Azurite.StartAsync(root, data, Progress);
        try
        {
            Progress($"Azurite on 127.0.0.1 (queue {azurite.QueuePort}, table {azurite.TablePort}), data in {data}");
            await using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, KeyName, FunctionKey);
            Progress($"service (PID {service.Pid}) on {service.Address}");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };
            var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var tables = new TableServiceClient(azurite.ConnectionString);
            var cpu = new CpuMeter(CpuMeter.AzuritePid(data), service.Pid);

            var ingest = await new IngestBenchmark(settings, queues, http, service, cpu, Progress).RunAsync(CancellationToken.None);
            var aggregation = await new AggregationBenchmark(settings, queues, tables, service, cpu, Progress).RunAsync(CancellationToken.None);
            TwoInstanceFigures twoInstances;
            await using (var second = await ServiceProcess.StartAsync(azurite.ConnectionString, KeyName, FunctionKey))
            {
                Progress($"second service (PID {second.Pid}) on {second.Address}, same storage account");
                twoInstances = await new AggregationBenchmark(settings, queues, tables, service, new CpuMeter(CpuMeter.AzuritePid(data), service.Pid), Progress).RunTwoInstancesAsync(second, CancellationToken.None);
            }

            await service.ResumeQueueTriggersAsync();
            var freshness = await new FreshnessBenchmark(http, FunctionKey, Progress).RunAsync("local runner", "Fresh Local", ingest.Ingest[^1].PerSecond / 2, settings.FreshnessWindow, CancellationToken.None);
            await service.PauseQueueTriggersAsync();

            var reads = await new ReadBenchmark(settings, root, KeyName, FunctionKey, Progress).RunAsync(CancellationToken.None);
            var signalReads = await new SignalsReadBenchmark(settings, root, KeyName, FunctionKey, Progress).RunAsync(CancellationToken.None);
            var felt = await FeltAsync(settings, root, app, azurite.ConnectionString, queues, tables, service, CpuMeter.AzuritePid(data), twoInstances, freshness, aggregation, Progress);

            var results = BenchmarkResults.Create(settings, await MachineInfo.ReadAsync(root), date, clock.Elapsed.TotalSeconds, ingest, aggregation, reads, signalReads, service.ReadMemory().PeakRssMb, felt);
            var (json, markdown) = await ResultsReport.WriteAsync(results, Path.Combine(root, "artifacts", "benchmarks"));
            Console.WriteLine();
            Console.WriteLine(ResultsReport.Markdown(results));
            Progress($"written {Path.GetRelativePath(root, json)} and {Path.GetRelativePath(root, markdown)}");
            return 0;
        }
        finally
        {
            await azurite.StopAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The real host's figures (ingest with the queue trigger disabled, then a second start for aggregation,
    /// freshness and the phone), then the cold starts. A part that cannot run here is left out with its reason;
    /// an exactly-once failure is not caught: it fails the run.
    /// </summary>
    private static async Task<FeltFigures> FeltAsync(BenchmarkSettings settings, string root, string? app, string connectionString, QueueServiceClient queues, TableServiceClient tables,
        ServiceProcess service, int azuritePid, TwoInstanceFigures twoInstances, FreshnessFigure freshness, AggregationFigures aggregation, Action<string> progress)
    {
        var notes = new List<string>();
        if (app is null)
        {
            notes.Add($"The real host is not beside the repository ({RealHostProcess.HostFolder(root)}): no real-host, cold-start or phone figures.");
            return new FeltFigures(twoInstances, freshness, null, null, null, notes);
        }

        var appSettings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Survey__Campaigns__PublicBaseUrl"] = "http://127.0.0.1/api",
            ["Survey__RateLimits__PermitLimit"] = "10000000",
            ["Survey__RateLimits__PostPermitLimit"] = "10000000",

            // The host writes every invocation at Information to its stdout (read here); on Azure it goes to
            // Application Insights, sampled. Warning keeps the console from being what is measured.
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
        };

        LoadFigure enqueue, ingest;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
        var withoutTrigger = new Dictionary<string, string>(appSettings) { ["AzureWebJobs.AggregateReport.Disabled"] = "true" };
        await using (var host = RealHostProcess.Start(root, app, connectionString, withoutTrigger))
        {
            await host.ReadyWithCredentialAsync(http, $"bench-{Guid.NewGuid():N}");
            progress($"real host (PID {host.Pid}) on {host.Address}, queue trigger disabled: ingest");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
            (enqueue, ingest) = await new IngestBenchmark(settings, queues, client, null, new CpuMeter(azuritePid, host.Pid), progress).CompareAtAsync(settings.Concurrencies[^1], CancellationToken.None);
        }

        RealHostFigures realHost;
        PhoneFigures? phone = null;
        await using (var host = RealHostProcess.Start(root, app, connectionString, appSettings))
        {
            var credential = await host.ReadyWithCredentialAsync(http, $"bench-{Guid.NewGuid():N}");
            progress($"real host (PID {host.Pid}) on {host.Address}: aggregation, freshness, the form on a phone");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
            var drain = await new AggregationBenchmark(settings, queues, tables, service, new CpuMeter(azuritePid, service.Pid), progress).RunRealHostAsync(new CpuMeter(azuritePid, host.Pid), CancellationToken.None);
            var fresh = await new FreshnessBenchmark(client, credential, progress).RunAsync("real host", "Fresh Real", ingest.PerSecond / 2, settings.FreshnessWindow, CancellationToken.None);
            realHost = new RealHostFigures(enqueue, ingest, drain, fresh);
            if (PhoneFormBenchmark.IsAvailable)
            {
                phone = await new PhoneFormBenchmark(progress).RunAsync(host.Address, settings.Repetitions);
            }
            else
            {
                notes.Add("Chromium is not installed (/usr/bin/chromium): no phone figures.");
            }
        }

        var coldStart = await new ColdStartBenchmark(root, connectionString, appSettings, progress).RunAsync(app, settings.ColdStarts, readyToRunToo: !settings.Quick, CancellationToken.None);
        if (coldStart.ReadyToRunNote is not null)
        {
            notes.Add(coldStart.ReadyToRunNote);
        }

        progress($"real host: ingest {Stats.Ratio(ingest.PerSecond, enqueue.PerSecond):F2}× raw enqueue, aggregation {Stats.Ratio(realHost.Aggregation.PerSecond, aggregation.BareSpread.PerSecond):F2}× the bare loop");
        return new FeltFigures(twoInstances, freshness, realHost, coldStart, phone, notes);
    }

    /// <summary>The folder with Survey.sln, from the working directory or this program's location.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Survey.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from the repository (the folder with Survey.sln).");
    }
}
