using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;
using Survey.Shared.Operations;
using Survey.Shared.Stats;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Operations;

/// <summary>Someone learns when a report or an invitation is stuck: the dashboard's banner, and the operator's alert.</summary>
[Collection(StorageGroup.Name)]
public sealed class PoisonAlarmTests(StorageFixture fixture)
{
    [Fact]
    public async Task A_report_and_an_invitation_waiting_in_the_poison_queues_put_a_banner_on_the_committee_dashboard()
    {
        await PoisonAsync(StorageNames.ReportsPoisonQueue, """{"reportId":"not counted"}""");
        await PoisonAsync(StorageNames.InvitationsPoisonQueue, """{"campaignId":"x","invitationId":"y","reminder":false}""");

        var dashboard = await fixture.Services.GetRequiredService<DashboardService>().GetAsync(StatsFilter.None, null, CancellationToken.None);
        var html = DashboardPage.Render(dashboard, "nonce", null);

        Assert.Contains("class=\"poison-banner\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Matches(@"\d+ reports? (is|are) not counted \(in reports-poison\)", html);
        Assert.Matches(@"\d+ invitations? (is|are) not sent \(in invitations-poison\)", html);
        Assert.Contains("GET /api/operations/poison", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dashboard_with_nothing_in_the_poison_queues_shows_no_banner()
    {
        var empty = new Dashboard(StatsFilter.None, [], null, null, DateTimeOffset.UnixEpoch, new PoisonWaiting(0, 0));

        Assert.DoesNotContain("poison-banner\"", DashboardPage.Render(empty, "nonce", null), StringComparison.Ordinal);
        Assert.Contains("1 report is not counted", DashboardPage.Render(empty with { Poison = new PoisonWaiting(1, 0) }, "nonce", null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_in_a_poison_queue_writes_the_line_the_operators_Azure_Monitor_alert_searches_for()
    {
        await PoisonAsync(StorageNames.InvitationsPoisonQueue, """{"campaignId":"x","invitationId":"z","reminder":true}""");
        LogCapture capture = null!;
        using var logging = LoggerFactory.Create(builder => capture = LogCapture.AddTo(builder));
        var alarm = new PoisonAlarm(fixture.Services.GetRequiredService<PoisonMessages>(), logging.CreateLogger<PoisonAlarm>());

        var waiting = await alarm.CheckAsync(CancellationToken.None);

        Assert.True(waiting.Invitations >= 1);
        var line = Assert.Single(capture.Lines, l => l.Contains(PoisonAlarm.AlertText, StringComparison.Ordinal));
        Assert.StartsWith("Error ", line, StringComparison.Ordinal);
        Assert.Contains($"] {PoisonAlarm.AlertText}: ", line, StringComparison.Ordinal);

        // The alert in infra/ looks for exactly that text, every 5 minutes, and e-mails the operator's action group.
        var bicep = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "modules", "alerts.bicep"));
        Assert.Contains($"param alertText string = '{PoisonAlarm.AlertText}'", bicep, StringComparison.Ordinal);
        Assert.Contains("query: 'traces | where message startswith \"${alertText}\"'", bicep, StringComparison.Ordinal);
        Assert.Contains("evaluationFrequency: 'PT5M'", bicep, StringComparison.Ordinal);
        Assert.Contains("emailReceivers", bicep, StringComparison.Ordinal);
        Assert.Contains("module alerts 'modules/alerts.bicep'", await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "main.bicep")), StringComparison.Ordinal);
    }

    private async Task PoisonAsync(string queue, string message)
    {
        var client = new QueueClient(fixture.ConnectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(message);
    }
}
