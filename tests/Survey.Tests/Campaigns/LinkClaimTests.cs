using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Survey.Shared.Campaigns;
using Survey.Shared.Reports;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Campaigns;

/// <summary>
/// A personal link's single use when a report through it does not finish: the client goes away, or the process
/// stops, while the report is being put on the queue. The interleavings are forced with a hook on the queue's send.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class LinkClaimTests(StorageFixture fixture)
{
    [Fact]
    public async Task A_link_whose_reporter_went_away_during_the_enqueue_takes_the_report_when_sent_again()
    {
        var hook = new QueueHook(StorageNames.ReportsQueue);
        await using var services = QueueHook.Services(fixture.ConnectionString, hook, new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var (token, campaignId) = await LinkAsync(services);
        var links = services.GetRequiredService<LinkService>();

        // The browser is closed while storage is still taking the message: the request is cancelled.
        using var gone = new CancellationTokenSource();
        hook.OnSend = message =>
        {
            gone.Cancel();
            message.CancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => links.SubmitJsonAsync(token, "application/json", Report(Guid.NewGuid()), gone.Token));
        hook.OnSend = null;

        Assert.IsType<LinkView.Form>(await links.OpenAsync(token, CancellationToken.None));
        var again = await links.SubmitJsonAsync(token, "application/json", Report(Guid.NewGuid()), CancellationToken.None);
        Assert.IsType<IntakeResult.Accepted>(again);
        Assert.IsType<LinkView.Refused>(await links.OpenAsync(token, CancellationToken.None));
        Assert.Equal(1, (await services.GetRequiredService<CampaignService>().GetAsync(campaignId, CancellationToken.None))!.Progress.Responded);
    }

    [Fact]
    public async Task A_link_whose_process_stopped_during_the_enqueue_takes_the_report_after_the_claim_expires_under_the_same_report_id()
    {
        var hook = new QueueHook(StorageNames.ReportsQueue);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var services = QueueHook.Services(fixture.ConnectionString, hook, time);
        var (token, campaignId) = await LinkAsync(services);
        var links = services.GetRequiredService<LinkService>();

        // The process stops while the message is being sent: nothing after the claim ever runs.
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hook.OnSend = _ =>
        {
            hook.OnSend = null;
            reached.TrySetResult();
            return never.Task;
        };
        var first = Guid.NewGuid();
        var stopped = links.SubmitJsonAsync(token, "application/json", Report(first), CancellationToken.None);
        try
        {
            await LinkComesBackAsync(services, links, time, token, campaignId, first, reached.Task);
        }
        finally
        {
            // The stopped request, if it ever ends, changes nothing: its claim is no longer the invitation's.
            never.TrySetException(new IOException("Injected: the process is gone."));
            _ = await Record.ExceptionAsync(() => stopped.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.IsType<LinkView.Refused>(await links.OpenAsync(token, CancellationToken.None));
        var invitation = Assert.Single(await services.GetRequiredService<CampaignStore>().ListInvitationsAsync(campaignId, CancellationToken.None)).Value;
        Assert.True(invitation.Responded);
        Assert.Null(invitation.PendingReportId);
    }

    private static async Task LinkComesBackAsync(ServiceProvider services, LinkService links, FakeTimeProvider time, string token, string campaignId, Guid first, Task reached)
    {
        await reached.WaitAsync(TimeSpan.FromSeconds(30));

        // While the claim is fresh, the link takes no second report (of racing posts one counts) …
        var racing = await links.SubmitJsonAsync(token, "application/json", Report(Guid.NewGuid()), CancellationToken.None);
        Assert.IsType<IntakeResult.Refused>(racing);

        // … and once it is older than any request can run, the link works again, under the stopped report's id,
        // so had that report reached the queue after all, it would still count once.
        time.Advance(Invitation.PendingClaimTimeout + TimeSpan.FromSeconds(1));
        Assert.IsType<LinkView.Form>(await links.OpenAsync(token, CancellationToken.None));
        var again = Assert.IsType<IntakeResult.Accepted>(await links.SubmitJsonAsync(token, "application/json", Report(Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(first.ToString("D"), again.ReportId);
        Assert.IsType<LinkView.Refused>(await links.OpenAsync(token, CancellationToken.None));
        Assert.Equal(1, (await services.GetRequiredService<CampaignService>().GetAsync(campaignId, CancellationToken.None))!.Progress.Responded);
    }

    /// <summary>An open campaign with one invitation, and a survey token of it.</summary>
    internal static async Task<(string Token, string CampaignId)> LinkAsync(IServiceProvider services)
    {
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = (CampaignResult.Done)await campaigns.CreateAsync(
            new NewCampaign("Claims", DateTimeOffset.Parse("2020-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2099-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            CancellationToken.None);
        var campaign = (Campaign)created.Value!;
        var added = (RecipientsAdded)((CampaignResult.Done)await campaigns.AddRecipientsAsync(campaign.Id, [new Recipient($"claim-{Guid.NewGuid():N}@example.org")], CancellationToken.None)).Value!;
        var token = InvitationLinks.NewToken();
        await services.GetRequiredService<CampaignStore>().AddLinkTokenAsync(InvitationLinks.Hash(token), campaign.Id, added.Invitations[0].InvitationId, LinkKind.Survey, CancellationToken.None);
        return (token, campaign.Id);
    }

    private static MemoryStream Report(Guid submissionId) => new(Encoding.UTF8.GetBytes(new JsonObject
    {
        ["submissionId"] = submissionId.ToString(), ["reporterRole"] = "ibclc", ["state"] = "MA", ["insurer"] = SampleReports.UniqueInsurer("Claim"),
        ["serviceMonth"] = "2025-06", ["setting"] = "home", ["outcome"] = "denied",
    }.ToJsonString()));
}
