using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Shared.Campaigns;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Local;

/// <summary>The runner as a new user starts it, as a process printing to its console, each test on a fresh Azurite.</summary>
[Trait("Category", "Slow")] // starts the runner as a child process, three times
public sealed class FirstStartTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task A_first_start_and_a_restart_on_a_healthy_machine_print_no_warning()
    {
        // First start: no table or queue exists yet (the health check and the first report meet them missing).
        var first = await StartCountAndStopAsync(expectedReports: 1);

        // A restart on the same storage: everything exists already, and the plan is on the plan list.
        var restart = await StartCountAndStopAsync(expectedReports: 2);

        foreach (var output in new[] { first, restart })
        {
            Assert.DoesNotContain(output, line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_startup_summary_shows_each_timer_schedule_in_force()
    {
        await using var runner = await RunnerProcess.StartAsync(RunnerProcess.FreePort(), Settings(new Dictionary<string, string>
        {
            ["Survey__Campaigns__ReminderSchedule"] = "0 30 9 * * 1-5",
        }));

        var timers = runner.RecentOutput().Split(Environment.NewLine).Where(line => line.Contains(" timer ", StringComparison.Ordinal)).ToList();
        Assert.Contains(timers, line => line.Contains("SendReminders", StringComparison.Ordinal) && line.Contains("0 30 9 * * 1-5 (UTC; Survey:Campaigns:ReminderSchedule)", StringComparison.Ordinal));
        Assert.Contains(timers, line => line.Contains("DeleteCampaignAddresses", StringComparison.Ordinal) && line.Contains(new CampaignOptions().DeleteAddressesSchedule + " (UTC;", StringComparison.Ordinal));
        Assert.Contains(timers, line => line.Contains("ReconcileOnSchedule", StringComparison.Ordinal) && line.Contains("0 30 3 * * * (UTC)", StringComparison.Ordinal));
        Assert.DoesNotContain(timers, line => line.Contains('%', StringComparison.Ordinal));
    }

    /// <summary>Starts the runner, has one report counted (its plan then holds <paramref name="expectedReports"/>), stops it; what it printed.</summary>
    private async Task<string[]> StartCountAndStopAsync(int expectedReports)
    {
        var port = RunnerProcess.FreePort();
        await using var runner = await RunnerProcess.StartAsync(port, Settings());
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using (var posted = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid("Blue Cross/Blue Shield", "PPO")))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await Eventually.ReadAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats/plans/bcbs-ma-ppo");
                request.Headers.Add("x-committee-key", ServiceFixture.FunctionKey);
                using var response = await client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK ? (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["reports"]! : 0;
            },
            reports => reports == expectedReports,
            $"the plan counts {expectedReports} report(s)");
        return runner.RecentOutput().Split(Environment.NewLine);
    }

    private Dictionary<string, string> Settings(Dictionary<string, string>? more = null) => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = _azurite.ConnectionString,
        ["Local__CommitteeKeys__tester"] = ServiceFixture.FunctionKey,
    }.Concat(more ?? []).ToDictionary();
}
