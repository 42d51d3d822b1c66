using Microsoft.Extensions.Logging;
using Survey.Shared.Forms;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>What a personal link opens: the prefilled form, or the one kind refusal.</summary>
public abstract record LinkView
{
    private LinkView()
    {
    }

    /// <summary>The form in <paramref name="Language"/>, filled in with <paramref name="Prefill"/>.</summary>
    public sealed record Form(string Language, FormValues Prefill) : LinkView;

    /// <summary>Unknown, used, revoked, expired or closed: the same answer for all, naming no campaign.</summary>
    public sealed record Refused : LinkView;
}

/// <summary>
/// The personal links <c>/s/{token}</c> and <c>/u/{token}</c>: opening one (marks the invitation opened), sending
/// one report through it (once: the invitation is claimed under its ETag before the report is enqueued, and the
/// report carries nothing that links it to the invitation or the address), and unsubscribing.
/// </summary>
public sealed partial class LinkService
{
    private readonly CampaignStore _store;
    private readonly ReportIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkService> _logger;

    internal LinkService(CampaignStore store, ReportIntake intake, TimeProvider time, ILogger<LinkService> logger)
    {
        _store = store;
        _intake = intake;
        _time = time;
        _logger = logger;
    }

    /// <summary>Opens a link: the prefilled form (campaign prefill, overridden by the recipient's), or a refusal.</summary>
    public async Task<LinkView> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (await FindUsableAsync(token, cancellationToken) is not var (campaign, invitation))
        {
            return new LinkView.Refused();
        }

        var now = _time.GetUtcNow();
        await _store.ChangeInvitationAsync(campaign.Id, invitation.Id, i => i.OpenedAt is null ? i with { OpenedAt = now } : null, cancellationToken);
        var prefill = campaign.Prefill.Over(invitation.Prefill);
        var values = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in new[] { ("insurer", prefill.Insurer), ("plan", prefill.Plan), ("reporterRole", prefill.ReporterRole) })
        {
            if (value is not null)
            {
                values.Add(new(name, value));
            }
        }

        return new LinkView.Form(CampaignService.LanguageOf(campaign, invitation), new FormValues(values));
    }

    /// <summary>A form post through a link: the intake's answer, <see cref="IntakeResult.Refused"/> when the link does not take it.</summary>
    public async Task<FormIntakeResult> SubmitFormAsync(string? token, string? contentType, Stream body, CancellationToken cancellationToken)
    {
        var gate = await GateAsync(token, cancellationToken);
        return gate is null
            ? new FormIntakeResult(new IntakeResult.Refused(), FormValues.Empty)
            : await _intake.SubmitFormAsync(contentType, body, gate, cancellationToken);
    }

    /// <summary>A JSON report through a link (the form's script).</summary>
    public async Task<IntakeResult> SubmitJsonAsync(string? token, string? contentType, Stream body, CancellationToken cancellationToken)
    {
        var gate = await GateAsync(token, cancellationToken);
        return gate is null ? new IntakeResult.Refused() : await _intake.SubmitJsonAsync(contentType, body, gate, cancellationToken);
    }

    /// <summary>
    /// The language of the link's recipient — the one their mail was written in — for the pages the link shows in any
    /// state (a used link still unsubscribes); null for an unknown token. Either of a mail's tokens answers.
    /// </summary>
    public async Task<string?> RecipientLanguageAsync(string? token, CancellationToken cancellationToken)
        => await FindLinkAsync(token, cancellationToken) is var (campaign, invitation) ? CampaignService.LanguageOf(campaign, invitation) : null;

    /// <summary>
    /// Unsubscribes the link's address: its hash joins the suppression list every campaign honours, and the
    /// invitation is marked. Unsubscribe tokens do it, and so do survey tokens: mails sent before the two were split
    /// carry the survey token in their unsubscribe link. Answers the recipient's language for the confirmation; null
    /// for an unknown token.
    /// </summary>
    public async Task<string?> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (await FindLinkAsync(token, cancellationToken) is not var (campaign, invitation))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        await _store.SuppressAsync(invitation.AddressHash, now, cancellationToken);
        await _store.ChangeInvitationAsync(campaign.Id, invitation.Id, i => i.UnsubscribedAt is null ? i with { UnsubscribedAt = now } : null, cancellationToken);
        LogUnsubscribed(_logger, campaign.Id, invitation.Id);
        return CampaignService.LanguageOf(campaign, invitation);
    }

    private async Task<Gate?> GateAsync(string? token, CancellationToken cancellationToken)
        => await FindUsableAsync(token, cancellationToken) is var (campaign, invitation) ? new Gate(this, campaign.Id, invitation.Id) : null;

    /// <summary>The campaign and invitation of a survey token that takes a report now; an unsubscribe token never opens the survey.</summary>
    private async Task<(Campaign Campaign, Invitation Invitation)?> FindUsableAsync(string? token, CancellationToken cancellationToken)
    {
        if (await FindTokenAsync(token, cancellationToken) is not { Kind: LinkKind.Survey } link)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        return await LoadAsync(link, cancellationToken) is var (campaign, invitation) && campaign.TakesReports(now) && invitation.UsableAt(now)
            ? (campaign, invitation)
            : null;
    }

    /// <summary>The campaign and invitation of either of a mail's tokens, whatever their state; null for an unknown token.</summary>
    private async Task<(Campaign Campaign, Invitation Invitation)?> FindLinkAsync(string? token, CancellationToken cancellationToken)
        => await FindTokenAsync(token, cancellationToken) is { } link ? await LoadAsync(link, cancellationToken) : null;

    private async Task<(Campaign Campaign, Invitation Invitation)?> LoadAsync(LinkToken link, CancellationToken cancellationToken)
    {
        var campaign = await _store.GetCampaignAsync(link.CampaignId, cancellationToken);
        var invitation = await _store.GetInvitationAsync(link.CampaignId, link.InvitationId, cancellationToken);
        return campaign is not null && invitation is not null ? (campaign.Value, invitation.Value) : null;
    }

    private async Task<LinkToken?> FindTokenAsync(string? token, CancellationToken cancellationToken)
        => InvitationLinks.LooksLikeToken(token) ? await _store.FindLinkTokenAsync(InvitationLinks.Hash(token!), InvitationLinks.BucketOf(token!), cancellationToken) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {CampaignId}/{InvitationId} responded")]
    private static partial void LogResponded(ILogger logger, string campaignId, string invitationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {CampaignId}/{InvitationId} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string campaignId, string invitationId);

    /// <summary>
    /// One invitation's single use: the claim (responded, with the report id, pending) is set under the ETag, so of
    /// racing posts exactly one wins; it is confirmed (the report id cleared, so the invitation row no longer names
    /// the report) once the report is on the queue, and released otherwise.
    /// </summary>
    private sealed class Gate(LinkService links, string campaignId, string invitationId) : IReportGate
    {
        private DateTimeOffset? _claimedAt;

        public async Task<string?> TryClaimAsync(string reportId, CancellationToken cancellationToken)
        {
            var now = links._time.GetUtcNow();
            var campaign = await links._store.GetCampaignAsync(campaignId, cancellationToken);
            if (campaign is null || !campaign.Value.TakesReports(now))
            {
                return null;
            }

            // An earlier claim that was never confirmed may have put its report on the queue: go on under its id.
            var claimed = await links._store.ChangeInvitationAsync(
                campaignId, invitationId, i => i.UsableAt(now) ? i with { RespondedAt = now, PendingReportId = i.PendingReportId ?? reportId } : null, cancellationToken);
            _claimedAt = claimed?.RespondedAt;
            return claimed?.PendingReportId;
        }

        public async Task ConfirmAsync(CancellationToken cancellationToken)
        {
            if (_claimedAt is { } claimedAt
                && await links._store.ChangeInvitationAsync(campaignId, invitationId, i => Mine(i, claimedAt) ? i with { PendingReportId = null } : null, cancellationToken) is not null)
            {
                LogResponded(links._logger, campaignId, invitationId);
            }
        }

        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            // The report id stays: the enqueue may have succeeded unseen, and the next claim must reuse it.
            if (_claimedAt is { } claimedAt)
            {
                await links._store.ChangeInvitationAsync(campaignId, invitationId, i => Mine(i, claimedAt) ? i with { RespondedAt = null } : null, cancellationToken);
            }
        }

        private static bool Mine(Invitation invitation, DateTimeOffset claimedAt) => invitation.RespondedAt == claimedAt && invitation.PendingReportId is not null;
    }
}
