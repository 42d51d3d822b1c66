using System.Text.Json;
using Microsoft.Extensions.Logging;
using Survey.Shared.Mail;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>
/// Sends one invitation (or its reminder) from the <c>invitations</c> queue. Delivery is at least once, so the
/// invitation's mail state makes it idempotent: <c>queued</c> is claimed as <c>sending</c> under its ETag (one
/// worker wins), a fresh token's hash is stored before the mail leaves, and <c>sent</c> is recorded after; a
/// redelivery finds <c>sent</c> and sends nothing. A refused address is recorded as <c>failed</c> and not retried;
/// an unavailable server puts the claim back and throws, so the queue delivers the message again (then poison).
/// </summary>
public sealed partial class InvitationSender
{
    /// <summary>A claim older than this is from a worker that died mid-send (the function timeout is 5 minutes).</summary>
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    private readonly CampaignStore _store;
    private readonly InvitationLinks _links;
    private readonly IMailSender _mail;
    private readonly TimeProvider _time;
    private readonly ILogger<InvitationSender> _logger;

    internal InvitationSender(CampaignStore store, InvitationLinks links, IMailSender mail, TimeProvider time, ILogger<InvitationSender> logger)
    {
        _store = store;
        _links = links;
        _mail = mail;
        _time = time;
        _logger = logger;
    }

    public async Task ProcessAsync(string message, CancellationToken cancellationToken)
    {
        InvitationMessage? request;
        try
        {
            request = JsonSerializer.Deserialize(message, CampaignJsonContext.Default.InvitationMessage);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            // Nothing to retry: the host would poison it after maxDequeueCount anyway; say why once.
            throw new InvalidDataException("An invitations message is not a valid send request.");
        }

        await SendAsync(request, cancellationToken);
    }

    private async Task SendAsync(InvitationMessage request, CancellationToken cancellationToken)
    {
        var campaign = (await _store.GetCampaignAsync(request.CampaignId, cancellationToken))?.Value;
        if (campaign is null || campaign.IsClosed(_time.GetUtcNow()))
        {
            LogSkipped(_logger, request.CampaignId, request.InvitationId, "campaign closed or gone");
            return;
        }

        var current = (await _store.GetInvitationAsync(request.CampaignId, request.InvitationId, cancellationToken))?.Value;
        if (current is null || current.Email is null || current.RevokedAt is not null || current.UnsubscribedAt is not null || (request.Reminder && current.RespondedAt is not null))
        {
            LogSkipped(_logger, request.CampaignId, request.InvitationId, "revoked, unsubscribed, responded or gone");
            return;
        }

        if (await _store.IsSuppressedAsync(current.AddressHash, cancellationToken))
        {
            await _store.ChangeInvitationAsync(request.CampaignId, request.InvitationId, i => Claimable(i, request.Reminder) ? With(i, request.Reminder, MailState.Suppressed) : null, cancellationToken);
            LogSkipped(_logger, request.CampaignId, request.InvitationId, "address suppressed");
            return;
        }

        var claimedAt = _time.GetUtcNow();
        var claimed = await _store.ChangeInvitationAsync(
            request.CampaignId,
            request.InvitationId,
            i => Claimable(i, request.Reminder) && i.RevokedAt is null && i.UnsubscribedAt is null && !(request.Reminder && i.RespondedAt is not null)
                ? With(i, request.Reminder, MailState.Sending) with { SendingSince = claimedAt }
                : null,
            cancellationToken);
        if (claimed is null)
        {
            LogSkipped(_logger, request.CampaignId, request.InvitationId, "already sent or being sent");
            return;
        }

        // The hashes are stored before the tokens leave the app, so every link that was ever mailed works. The
        // unsubscribe link has its own token: a mail provider doing one-click unsubscribe never holds the survey link.
        var token = InvitationLinks.NewToken();
        var unsubscribeToken = InvitationLinks.NewToken();
        await _store.AddLinkTokenAsync(InvitationLinks.Hash(token), request.CampaignId, request.InvitationId, LinkKind.Survey, cancellationToken);
        await _store.AddLinkTokenAsync(InvitationLinks.Hash(unsubscribeToken), request.CampaignId, request.InvitationId, LinkKind.Unsubscribe, cancellationToken);
        var mail = InvitationMail.Write(
            campaign, CampaignService.LanguageOf(campaign, claimed), claimed.Name, claimed.Email!, _links.SurveyLink(token), _links.UnsubscribeLink(unsubscribeToken), request.Reminder);

        SendResult result;
        try
        {
            result = await _mail.SendAsync(mail, cancellationToken);
        }
        catch (MailUnavailableException)
        {
            await _store.ChangeInvitationAsync(request.CampaignId, request.InvitationId, i => Mine(i, request.Reminder, claimedAt) ? With(i, request.Reminder, MailState.Queued) with { SendingSince = null } : null, CancellationToken.None);
            LogUnavailable(_logger, request.CampaignId, request.InvitationId);
            throw;
        }

        var now = _time.GetUtcNow();
        _ = result switch
        {
            SendResult.Sent => await _store.ChangeInvitationAsync(
                request.CampaignId,
                request.InvitationId,
                i => Mine(i, request.Reminder, claimedAt) ? (request.Reminder ? i with { ReminderState = MailState.Sent, RemindedAt = now } : i with { InviteState = MailState.Sent, SentAt = now }) with { SendingSince = null } : null,
                CancellationToken.None),
            SendResult.Rejected rejected => await _store.ChangeInvitationAsync(
                request.CampaignId,
                request.InvitationId,
                i => Mine(i, request.Reminder, claimedAt) ? With(i, request.Reminder, MailState.Failed) with { FailReason = Shorten(rejected.Reason), SendingSince = null } : null,
                CancellationToken.None),
            _ => throw new InvalidOperationException($"Unhandled send result {result.GetType().Name}."),
        };

        if (result is SendResult.Rejected)
        {
            LogRejected(_logger, request.CampaignId, request.InvitationId);
        }
        else
        {
            LogSent(_logger, request.CampaignId, request.InvitationId, request.Reminder);
        }
    }

    private bool Claimable(Invitation invitation, bool reminder)
    {
        var state = reminder ? invitation.ReminderState : invitation.InviteState;
        return state == MailState.Queued
               || (state == MailState.Sending && invitation.SendingSince is { } since && since < _time.GetUtcNow() - StaleClaim);
    }

    private static bool Mine(Invitation invitation, bool reminder, DateTimeOffset claimedAt)
        => (reminder ? invitation.ReminderState : invitation.InviteState) == MailState.Sending && invitation.SendingSince == claimedAt;

    private static Invitation With(Invitation invitation, bool reminder, string state)
        => reminder ? invitation with { ReminderState = state } : invitation with { InviteState = state };

    /// <summary>A server's reason, kept short; it names no address (the recipient is known from the invitation).</summary>
    private static string Shorten(string reason) => reason.Length > 300 ? reason[..300] : reason;

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {CampaignId}/{InvitationId} sent (reminder: {Reminder})")]
    private static partial void LogSent(ILogger logger, string campaignId, string invitationId, bool reminder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {CampaignId}/{InvitationId} not sent: {Why}")]
    private static partial void LogSkipped(ILogger logger, string campaignId, string invitationId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation {CampaignId}/{InvitationId}: the server refused the recipient; recorded as failed")]
    private static partial void LogRejected(ILogger logger, string campaignId, string invitationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation {CampaignId}/{InvitationId}: mail server unavailable; the message will be delivered again")]
    private static partial void LogUnavailable(ILogger logger, string campaignId, string invitationId);
}
