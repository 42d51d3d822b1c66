using Azure.Storage.Queues;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Faults;

/// <summary>
/// The service as a process of its own, killed (SIGKILL) while reports wait on the queue and others are being
/// counted, and started again on the same port and storage.
/// </summary>
[Trait("Category", "Faults")]
[Collection(FaultsGroup.Name)]
public sealed class ServiceCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 1000;
    private const int Clients = 16;
    private const int Plans = 40;

    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Every_report_answered_202_is_counted_exactly_once_when_the_service_is_killed_mid_aggregation_and_restarted()
    {
        var port = RunnerProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            [StorageOptions.ConnectionName] = _storage.ConnectionString,
            ["Local__CommitteeKeys__tester"] = ServiceFixture.FunctionKey,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Survey__RateLimits__PermitLimit"] = "10000000",
            ["Survey__RateLimits__PostPermitLimit"] = "10000000",

            // The messages the killed process had taken come back when their lease ends (the runner's default is 5 minutes).
            ["Local__QueueMessageLease"] = "00:00:10",

            // One report counted at a time while 16 clients send: the queue fills however fast this machine counts.
            ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "1",
            ["AzureFunctionsJobHost__extensions__queues__newBatchThreshold"] = "0",
        };
        var queue = new QueueClient(_storage.ConnectionString, StorageNames.ReportsQueue);
        var first = await RunnerProcess.StartAsync(port, settings);
        await using (first)
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var load = new ReportLoad(client, Reports, Clients, Plans);
            var running = load.RunAsync();
            var waiting = await Eventually.ReadAsync(
                async () => (Accepted: load.AcceptedSoFar, Queued: (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount),
                now => now.Accepted >= Reports / 3 && now.Queued >= 50,
                "a third of the reports are accepted while many wait on the queue");

            await first.KillAsync();
            Assert.False(running.IsCompleted, "The load finished before the crash.");
            await using var second = await RunnerProcess.StartAsync(port, settings);

            var result = await running;
            Assert.Empty(result.GaveUp);
            Assert.Equal(Reports, result.Accepted.Count);
            Assert.Equal(0, result.ServerErrors);
            var counted = await Counted.CheckNothingCountedTwiceAsync(_storage.ConnectionString, result, load.PlanKeys, atLeast: result.Accepted.Count);
            Counted.AssertEveryAcceptedReportIsCounted(result, counted);
            output.WriteLine($"Killed with {waiting.Accepted} accepted and {waiting.Queued} on the queue; {result}; {counted.Stored.Count} stored; {counted.Replayed} poison messages replayed");
        }
    }
}
