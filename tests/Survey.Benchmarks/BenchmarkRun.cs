using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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

    public static async Task<int> RunAsync(BenchmarkSettings settings)
    {
        var root = RepositoryRoot();
        var clock = Stopwatch.StartNew();
        var date = TimeProvider.System.GetUtcNow();
        void Progress(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");

        Progress($"Survey benchmark ({settings.Mode}): {settings.Repetitions} repetitions per figure");
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
            var reads = await new ReadBenchmark(settings, root, KeyName, FunctionKey, Progress).RunAsync(CancellationToken.None);

            var results = BenchmarkResults.Create(settings, await MachineInfo.ReadAsync(root), date, clock.Elapsed.TotalSeconds, ingest, aggregation, reads, service.ReadMemory().PeakRssMb);
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

    /// <summary>The folder with Survey.sln, from the working directory or this program's location.</summary>
    private static string RepositoryRoot()
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
