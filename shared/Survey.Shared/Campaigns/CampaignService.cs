using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Forms;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>
/// What the committee does with campaigns (create, list, close, add recipients, revoke one invitation); sending is
/// <see cref="CampaignSending"/>, the scheduled jobs <see cref="CampaignJobs"/>, the rules <see cref="CampaignRules"/>.
/// Logs carry campaign ids and counts, never an address, a name or a token.
/// </summary>
public sealed partial class CampaignService
{
    private readonly CampaignStore _store;
    private readonly TimeProvider _time;
    private readonly CampaignOptions _options;
    private readonly ILogger<CampaignService> _logger;

    internal CampaignService(CampaignStore store, TimeProvider time, IOptions<CampaignOptions> options, ILogger<CampaignService> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The largest recipient CSV accepted.</summary>
    public int MaxCsvBytes => _options.MaxCsvBytes;

    public async Task<CampaignResult> CreateAsync(NewCampaign request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = CampaignRules.Check(request);
        if (errors.Count > 0)
        {
            return new CampaignResult.Invalid(errors);
        }

        var campaign = new Campaign(
            Guid.NewGuid().ToString("N"), request.Name!.Trim(), request.OpensAt!.Value, request.ClosesAt!.Value, request.Prefill ?? CampaignPrefill.None,
            request.Texts ?? [], _time.GetUtcNow(), ClosedAt: null, CampaignDelivery.None, AddressesDeletedAt: null);
        await _store.AddCampaignAsync(campaign, cancellationToken);
        LogCreated(_logger, campaign.Id);
        return new CampaignResult.Done(campaign);
    }

    public async Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken)
        => (await _store.ListCampaignsAsync(cancellationToken)).OrderByDescending(c => c.CreatedAt).ToList();

    /// <summary>The campaign and its progress, or null.</summary>
    public async Task<CampaignStatus?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var campaign = await _store.GetCampaignAsync(id, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var invitations = (await _store.ListInvitationsAsync(id, cancellationToken)).Select(i => i.Value).ToList();
        return new CampaignStatus(campaign.Value, new CampaignProgress(
            invitations.Count,
            invitations.Count(i => i.InviteState is MailState.Queued or MailState.Sending && i.RevokedAt is null),
            invitations.Count(i => i.SentAt is not null),
            invitations.Count(i => i.InviteState == MailState.Failed),
            invitations.Count(i => i.InviteState == MailState.Suppressed),
            invitations.Count(i => i.OpenedAt is not null),
            invitations.Count(i => i.Responded),
            invitations.Count(i => i.UnsubscribedAt is not null),
            invitations.Count(i => i.RemindedAt is not null),
            invitations.Count(i => i.RevokedAt is not null)));
    }

    /// <summary>Closes the campaign now: its links stop working. Idempotent.</summary>
    public async Task<CampaignResult> CloseAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await _store.GetCampaignAsync(id, cancellationToken) is not { } stored)
            {
                return NoCampaign(id);
            }

            if (stored.Value.ClosedAt is not null)
            {
                return new CampaignResult.Done(stored.Value);
            }

            var closed = stored.Value with { ClosedAt = _time.GetUtcNow() };
            if (await _store.UpdateCampaignAsync(closed, stored.ETag, cancellationToken))
            {
                LogClosed(_logger, id);
                return new CampaignResult.Done(closed);
            }
        }

        throw new InvalidOperationException("The campaign kept changing while it was being closed.");
    }

    /// <summary>Reads a recipient CSV upload (size already limited by the caller) and adds its rows.</summary>
    public async Task<CampaignResult> AddRecipientsCsvAsync(string id, byte[] csv, CancellationToken cancellationToken)
    {
        var (rows, error) = RecipientCsv.Read(csv);
        return error is not null
            ? new CampaignResult.Invalid(new Dictionary<string, string[]> { ["file"] = [error] })
            : await AddRecipientsAsync(id, rows, cancellationToken);
    }

    public Task<CampaignResult> AddRecipientsAsync(string id, IReadOnlyList<Recipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        return AddRecipientsAsync(id, recipients.Select((r, i) => (i + 1, r)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Adds recipients: each valid, new and not suppressed address gets an invitation (queued), with a random id.
    /// Invalid rows, suppressed addresses and addresses already in the campaign (or twice in the upload) are counted.
    /// </summary>
    private async Task<CampaignResult> AddRecipientsAsync(string id, IReadOnlyList<(int Row, Recipient Recipient)> rows, CancellationToken cancellationToken)
    {
        if (await _store.GetCampaignAsync(id, cancellationToken) is not { } stored)
        {
            return NoCampaign(id);
        }

        if (stored.Value.IsClosed(_time.GetUtcNow()))
        {
            return new CampaignResult.Conflict("The campaign is closed.", "Recipients cannot be added to a closed campaign.");
        }

        if (rows.Count > CampaignRules.MaxRecipients)
        {
            return new CampaignResult.Invalid(new Dictionary<string, string[]> { ["recipients"] = [$"At most {CampaignRules.MaxRecipients} recipients per request; split the list."] });
        }

        var known = await _store.AddressHashesAsync(id, cancellationToken);
        var invalid = new List<InvalidRecipient>();
        var invitations = new List<AddedRecipient>();
        int added = 0, suppressed = 0, duplicate = 0;
        foreach (var (row, recipient) in rows)
        {
            if (CampaignRules.Problem(recipient) is { } reason)
            {
                invalid.Add(new InvalidRecipient(row, reason));
                continue;
            }

            var hash = InvitationLinks.AddressHash(recipient.Email!);
            if (known.Contains(hash))
            {
                duplicate++;
                continue;
            }

            known.Add(hash);
            if (await _store.IsSuppressedAsync(hash, cancellationToken))
            {
                suppressed++;
                continue;
            }

            var invitation = new Invitation(
                id, Guid.NewGuid().ToString("N"), recipient.Email!.Trim(), CampaignRules.Blank(recipient.Name), hash,
                CampaignRules.PrefillOf(recipient),
                MailState.Queued, SendingSince: null, SentAt: null, FailReason: null, OpenedAt: null, RespondedAt: null, UnsubscribedAt: null, RevokedAt: null,
                MailState.None, RemindedAt: null);
            if (await _store.AddInvitationAsync(invitation, cancellationToken))
            {
                added++;
                invitations.Add(new AddedRecipient(row, invitation.Id));
            }
            else
            {
                duplicate++;
            }
        }

        LogRecipientsAdded(_logger, id, added, suppressed, duplicate, invalid.Count);
        return new CampaignResult.Done(new RecipientsAdded(added, suppressed, duplicate, invalid, invitations));
    }

    /// <summary>Revokes one invitation: its links stop working and it gets no (more) mail.</summary>
    public async Task<CampaignResult> RevokeAsync(string id, string invitationId, CancellationToken cancellationToken)
    {
        if (await _store.GetCampaignAsync(id, cancellationToken) is null)
        {
            return NoCampaign(id);
        }

        var now = _time.GetUtcNow();
        var changed = await _store.ChangeInvitationAsync(id, invitationId, i => i.RevokedAt is null ? i with { RevokedAt = now } : null, cancellationToken);
        if (changed is null && await _store.GetInvitationAsync(id, invitationId, cancellationToken) is null)
        {
            return new CampaignResult.NotFound($"The campaign has no invitation '{invitationId}'.");
        }

        return new CampaignResult.Done(null);
    }

    /// <summary>The language of an invitation's mail and form: the recipient's, else the campaign's, else English.</summary>
    internal static string LanguageOf(Campaign campaign, Invitation invitation)
        => campaign.Prefill.Over(invitation.Prefill).Language is { } language && FormLanguages.IsSupported(language) ? language : FormLanguages.Default;

    internal static CampaignResult.NotFound NoCampaign(string id) => new($"There is no campaign '{id}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} created")]
    private static partial void LogCreated(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} closed")]
    private static partial void LogClosed(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Added} recipients added, {Suppressed} suppressed, {Duplicate} duplicates, {Invalid} invalid")]
    private static partial void LogRecipientsAdded(ILogger logger, string campaignId, int added, int suppressed, int duplicate, int invalid);
}
