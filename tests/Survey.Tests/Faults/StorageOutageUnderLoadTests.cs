using Microsoft.Extensions.DependencyInjection;
using Survey.Shared.Operations;
using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Faults;

/// <summary>
/// Azurite stopped in the middle of 1,000 reports from 16 clients, and started again on the same ports and data.
/// Clients send again, with the same submission id, what got a 503 or no answer.
/// </summary>
[Trait("Category", "Faults")]
[Collection(FaultsGroup.Name)]
public sealed class StorageOutageUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 1000;
    private const int Clients = 16;
    private const int Plans = 40;

    private readonly AzuriteFixture _storage = new() { OnDisk = true };   // restarted mid-test: its data must survive

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Every_report_answered_202_is_counted_exactly_once_when_storage_stops_mid_load_and_comes_back()
    {
        await RunThroughOutageAsync(
            () => _storage.Azurite.StopGracefullyAsync(TimeSpan.FromSeconds(20)),
            async (load, result) =>
            {
                Assert.Empty(result.GaveUp);
                Assert.Equal(Reports, result.Accepted.Count);
                Assert.True(result.FailedAttemptsOf503OrNoAnswer() > 0, "The clients never saw the outage.");
                var counted = await Counted.CheckNothingCountedTwiceAsync(_storage.ConnectionString, result, load.PlanKeys, atLeast: result.Accepted.Count);
                Counted.AssertEveryAcceptedReportIsCounted(result, counted);
                output.WriteLine($"{result}; {counted.Stored.Count} stored; {counted.Replayed} poison messages replayed");
            });
    }

    /// <summary>
    /// The harder case: Azurite killed (SIGKILL). It saves its data only every 5 seconds, so it may lose writes it
    /// acknowledged — queue messages the intake answered 202 for, rows the aggregator wrote. That loss is the
    /// emulator's (Azure Storage keeps what it acknowledged); what this test holds us to is that whatever survived
    /// is consistent: nothing counted twice, every aggregate equal to the stored reports.
    /// </summary>
    [Fact]
    public async Task When_storage_is_killed_mid_load_what_it_kept_is_counted_once_and_aggregates_match_the_stored_reports()
    {
        // Azurite may not have saved even the queues and tables yet, and would come back without them (a
        // storage account never loses its queues and tables): create them and let Azurite save them first.
        await using (var services = StorageFixture.Build(_storage.ConnectionString))
        {
            await services.GetRequiredService<PoisonMessages>().ListAsync(default);
        }

        await _storage.Azurite.StopGracefullyAsync(TimeSpan.FromSeconds(20));
        await _storage.Azurite.RestartAsync();

        await RunThroughOutageAsync(
            _storage.Azurite.StopAsync,
            async (load, result) =>
            {
                Assert.Empty(result.GaveUp);
                Assert.Equal(Reports, result.Accepted.Count);
                var counted = await Counted.CheckNothingCountedTwiceAsync(_storage.ConnectionString, result, load.PlanKeys, atLeast: 0);
                var lost = result.Accepted.Keys.Count(id => !counted.Stored.ContainsKey(id));
                output.WriteLine($"{result}; {counted.Stored.Count} stored; {lost} reports answered 202 lost by the killed emulator; {counted.Replayed} poison messages replayed");
            });
    }

    /// <summary>Runs the load, stops storage (<paramref name="stop"/>) a quarter of the way in, starts it again, and checks the result while the runner still runs.</summary>
    private async Task RunThroughOutageAsync(Func<Task> stop, Func<ReportLoad, LoadResult, Task> check)
    {
        var (app, client) = await FaultsGroup.StartRunnerAsync(_storage.ConnectionString, new()
        {
            ["Survey:Intake:EnqueueBudget"] = "00:00:02",
            ["Survey:Intake:RetryAfterSeconds"] = "1",
            ["Local:QueueMessageLease"] = "00:00:30",
        });
        await using (app)
        using (client)
        {
            var load = new ReportLoad(client, Reports, Clients, Plans);
            var running = load.RunAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(load.AcceptedSoFar >= Reports / 4 || running.IsCompleted), "a quarter of the reports are accepted");
            Assert.False(running.IsCompleted, "The load finished before the outage began.");

            var failedBefore = load.FailedAttemptsSoFar;
            await stop();
            await Eventually.HoldsAsync(() => Task.FromResult(load.FailedAttemptsSoFar > failedBefore), "the clients see the outage");
            await _storage.Azurite.RestartAsync();

            await check(load, await running);
            await app.StopAsync();
        }
    }
}
