using Survey.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Survey.Tests.Faults;

/// <summary>Many reports from many clients at once, storage healthy.</summary>
[Trait("Category", "Load")]
[Collection(FaultsGroup.Name)]
public sealed class LoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 5000;
    private const int Clients = 32;
    private const int Plans = 50;

    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Five_thousand_reports_from_32_clients_get_no_5xx_and_are_each_counted_exactly_once()
    {
        var (app, client) = await FaultsGroup.StartRunnerAsync(_storage.ConnectionString, []);
        await using (app)
        using (client)
        {
            var load = new ReportLoad(client, Reports, Clients, Plans, maxAttempts: 1);

            var result = await load.RunAsync();

            Assert.Equal(0, result.ServerErrors);
            Assert.Equal(0, result.NoAnswer);
            Assert.Empty(result.GaveUp);
            Assert.Equal(Reports, result.Accepted.Count);
            var counted = await Counted.CheckNothingCountedTwiceAsync(_storage.ConnectionString, result, load.PlanKeys, atLeast: Reports);
            Counted.AssertEveryAcceptedReportIsCounted(result, counted);
            Assert.Equal(Reports, counted.Stored.Count);
            Assert.Equal(0, counted.Replayed);
            output.WriteLine($"{result} ({Reports / result.Elapsed.TotalSeconds:F0} reports/s accepted); {counted.Stored.Count} stored");
            await app.StopAsync();
        }
    }
}
