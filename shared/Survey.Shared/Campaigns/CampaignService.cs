using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Forms;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Campaigns;

/// <summary>
/// What the committee does with campaigns (create, list, close, add recipients, send by e-mail or download the
/// links once, revoke one invitation) and the two scheduled jobs (the one reminder, and deleting addresses after
/// a campaign closed). Logs carry campaign ids and counts, never an address, a name or a token.
/// </summary>
public sealed partial class CampaignService
{
    private const int MaxName = 200;
    private const int MaxText = 4000;
    private const int MaxRecipients = 5000;

    /// <summary>How many batches of 100 links a download writes at a time.</summary>
    private const int LinkWriters = 4;

    private readonly CampaignStore _store;
    private readonly InvitationLinks _links;
    private readonly TimeProvider _time;
    private readonly CampaignOptions _options;
    private readonly ILogger<CampaignService> _logger;

    internal CampaignService(CampaignStore store, InvitationLinks links, TimeProvider time, IOptions<CampaignOptions> options, ILogger<CampaignService> logger)
    {
        _store = store;
        _links = links;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The largest recipient CSV accepted.</summary>
    public int MaxCsvBytes => _options.MaxCsvBytes;

    public async Task<CampaignResult> CreateAsync(NewCampaign request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxName)
        {
            errors["name"] = [$"Give the campaign a name of 1 to {MaxName} characters."];
        }

        if (request.OpensAt is null)
        {
            errors["opensAt"] = ["Give the date and time the campaign opens (ISO 8601, e.g. 2026-03-01T00:00:00Z)."];
        }

        if (request.ClosesAt is null)
        {
            errors["closesAt"] = ["Give the date and time the campaign closes (ISO 8601, e.g. 2026-04-01T00:00:00Z)."];
        }
        else if (request.OpensAt is { } opens && request.ClosesAt <= opens)
        {
            errors["closesAt"] = ["The campaign must close after it opens."];
        }

        ValidatePrefill(request.Prefill, "prefill.", errors);
        foreach (var (language, text) in request.Texts ?? [])
        {
            if (!FormLanguages.IsSupported(language))
            {
                errors[$"texts.{language}"] = [$"Texts can be given for {string.Join(", ", FormLanguages.All)}."];
                continue;
            }

            foreach (var (field, value, max) in new[] { ("subject", text.Subject, MaxName), ("body", text.Body, MaxText), ("reminderSubject", text.ReminderSubject, MaxName), ("reminderBody", text.ReminderBody, MaxText) })
            {
                if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > max || (field.EndsWith("ubject", StringComparison.Ordinal) && value.Any(char.IsControl))))
                {
                    errors[$"texts.{language}.{field}"] = [$"Leave it out for the default text, or give 1 to {max} characters{(max == MaxName ? " on one line" : string.Empty)}."];
                }
            }
        }

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

        if (rows.Count > MaxRecipients)
        {
            return new CampaignResult.Invalid(new Dictionary<string, string[]> { ["recipients"] = [$"At most {MaxRecipients} recipients per request; split the list."] });
        }

        var known = await _store.AddressHashesAsync(id, cancellationToken);
        var invalid = new List<InvalidRecipient>();
        var invitations = new List<AddedRecipient>();
        int added = 0, suppressed = 0, duplicate = 0;
        foreach (var (row, recipient) in rows)
        {
            if (Problem(recipient) is { } reason)
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
                id, Guid.NewGuid().ToString("N"), recipient.Email!.Trim(), Blank(recipient.Name), hash,
                new CampaignPrefill(Blank(recipient.Insurer), Blank(recipient.Plan), Blank(recipient.Role)?.ToLowerInvariant(), Blank(recipient.Language)?.ToLowerInvariant()),
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

    /// <summary>Puts every queued invitation on the send queue; the campaign is then sent by e-mail (no CSV download).</summary>
    public async Task<CampaignResult> SendAsync(string id, CancellationToken cancellationToken)
    {
        var chosen = await ChooseDeliveryAsync(id, CampaignDelivery.Email, cancellationToken);
        if (chosen is not CampaignResult.Done)
        {
            return chosen;
        }

        var queued = 0;
        foreach (var invitation in await _store.ListInvitationsAsync(id, cancellationToken))
        {
            if (invitation.Value is { InviteState: MailState.Queued, RevokedAt: null, UnsubscribedAt: null })
            {
                await _store.EnqueueAsync(new InvitationMessage(id, invitation.Value.Id, Reminder: false), cancellationToken);
                queued++;
            }
        }

        LogSendQueued(_logger, id, queued);
        return new CampaignResult.Done(queued);
    }

    /// <summary>
    /// The links as CSV (email, name, language, link): a fresh token per invitation that can still take a report,
    /// every hash stored before the file is made, then the invitations marked sent in transactions of 100. The
    /// campaign is then delivered by the committee's own tool (no e-mail from us, no reminders). A download that
    /// failed or never arrived can be repeated for <c>LinkDownloadHours</c> after the first (links of an earlier
    /// download keep working; one report per invitation either way); after that it is a conflict.
    /// </summary>
    public async Task<CampaignResult> DownloadLinksAsync(string id, CancellationToken cancellationToken)
    {
        var chosen = await ChooseDeliveryAsync(id, CampaignDelivery.Csv, cancellationToken);
        if (chosen is not CampaignResult.Done { Value: Campaign campaign })
        {
            return chosen;
        }

        // Batches of 100 tokens share a bucket, so each batch's hashes are one transaction, and its invitations another:
        // ~2 round trips per 100 recipients, a few batches at a time.
        var batches = (await _store.ListInvitationsAsync(id, cancellationToken))
            .Where(s => s.Value is { InviteState: MailState.Queued or MailState.Sent, RevokedAt: null, UnsubscribedAt: null, RespondedAt: null, Email: not null })
            .Chunk(100)
            .Select(chunk => (Bucket: InvitationLinks.NewBucket(), Chunk: chunk))
            .Select(batch => batch.Chunk.Select(s => (Stored: s, Token: InvitationLinks.NewToken(batch.Bucket))).ToList())
            .ToList();
        var now = _time.GetUtcNow();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = LinkWriters, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                await _store.AddLinkTokensAsync(InvitationLinks.BucketOf(batch[0].Token)!, id, batch.Select(l => (InvitationLinks.Hash(l.Token), l.Stored.Value.Id)).ToList(), token);
                await _store.MarkSentAsync(id, batch.Select(l => l.Stored), now, token);
            });

        var links = batches.SelectMany(b => b).ToList();
        LogLinksDownloaded(_logger, id, links.Count);
        return new CampaignResult.Done(RecipientCsv.WriteLinks(
            links.Select(l => (l.Stored.Value.Email!, l.Stored.Value.Name, LanguageOf(campaign, l.Stored.Value), _links.SurveyLink(l.Token))).ToList()));
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

    /// <summary>
    /// Queues the one reminder of every invitation mailed at least <c>ReminderAfterDays</c> ago whose recipient
    /// has not responded, unsubscribed, been revoked or failed, in e-mail campaigns that still take reports.
    /// </summary>
    public async Task<int> QueueRemindersAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = now - TimeSpan.FromDays(_options.ReminderAfterDays);
        var queued = 0;
        foreach (var campaign in await _store.ListCampaignsAsync(cancellationToken))
        {
            if (campaign.Delivery != CampaignDelivery.Email || !campaign.TakesReports(now))
            {
                continue;
            }

            foreach (var stored in await _store.ListInvitationsAsync(campaign.Id, cancellationToken))
            {
                if (!NeedsReminder(stored.Value, due))
                {
                    continue;
                }

                var marked = await _store.ChangeInvitationAsync(campaign.Id, stored.Value.Id, i => NeedsReminder(i, due) ? i with { ReminderState = MailState.Queued } : null, cancellationToken);
                if (marked is not null)
                {
                    await _store.EnqueueAsync(new InvitationMessage(campaign.Id, marked.Id, Reminder: true), cancellationToken);
                    queued++;
                }
            }
        }

        LogRemindersQueued(_logger, queued);
        return queued;
    }

    /// <summary>
    /// Deletes the addresses and names of the invitations of campaigns closed <c>DeleteAddressesAfterDays</c> ago or
    /// more; the address hashes stay (duplicates, suppression). Returns how many invitations were cleared.
    /// </summary>
    public async Task<int> DeleteExpiredAddressesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cleared = 0;
        foreach (var campaign in await _store.ListCampaignsAsync(cancellationToken))
        {
            if (campaign.AddressesDeletedAt is not null || campaign.ClosedSince(now) is not { } closed || closed > now - TimeSpan.FromDays(_options.DeleteAddressesAfterDays))
            {
                continue;
            }

            foreach (var stored in await _store.ListInvitationsAsync(campaign.Id, cancellationToken))
            {
                if (stored.Value.Email is not null || stored.Value.Name is not null)
                {
                    await _store.ChangeInvitationAsync(campaign.Id, stored.Value.Id, i => i with { Email = null, Name = null, PendingReportId = null }, cancellationToken);
                    cleared++;
                }
            }

            for (var attempt = 0; attempt < 10; attempt++)
            {
                var latest = await _store.GetCampaignAsync(campaign.Id, cancellationToken);
                if (latest is null || await _store.UpdateCampaignAsync(latest.Value with { AddressesDeletedAt = now }, latest.ETag, cancellationToken))
                {
                    break;
                }
            }

            LogAddressesDeleted(_logger, campaign.Id);
        }

        return cleared;
    }

    /// <summary>The language of an invitation's mail and form: the recipient's, else the campaign's, else English.</summary>
    internal static string LanguageOf(Campaign campaign, Invitation invitation)
        => campaign.Prefill.Over(invitation.Prefill).Language is { } language && FormLanguages.IsSupported(language) ? language : FormLanguages.Default;

    private static bool NeedsReminder(Invitation i, DateTimeOffset due)
        => i is { InviteState: MailState.Sent, ReminderState: MailState.None, RespondedAt: null, UnsubscribedAt: null, RevokedAt: null, Email: not null }
           && i.SentAt <= due;

    private async Task<CampaignResult> ChooseDeliveryAsync(string id, string delivery, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await _store.GetCampaignAsync(id, cancellationToken) is not { } stored)
            {
                return NoCampaign(id);
            }

            var campaign = stored.Value;
            if (campaign.IsClosed(_time.GetUtcNow()))
            {
                return new CampaignResult.Conflict("The campaign is closed.", "A closed campaign sends nothing and gives out no links.");
            }

            if (campaign.Delivery == CampaignDelivery.Csv
                && (delivery != CampaignDelivery.Csv || campaign.LinksDownloadedAt is not { } first || _time.GetUtcNow() >= first.AddHours(_options.LinkDownloadHours)))
            {
                return new CampaignResult.Conflict(
                    "The links were already downloaded.",
                    $"The links of a campaign can be downloaded again for {_options.LinkDownloadHours} hours after the first download, and it is then not sent by e-mail.");
            }

            if (campaign.Delivery == delivery)
            {
                return new CampaignResult.Done(campaign);
            }

            if (campaign.Delivery == CampaignDelivery.Email)
            {
                return new CampaignResult.Conflict("The campaign is sent by e-mail.", "Its links cannot also be downloaded.");
            }

            var chosen = campaign with { Delivery = delivery, LinksDownloadedAt = delivery == CampaignDelivery.Csv ? _time.GetUtcNow() : null };
            if (await _store.UpdateCampaignAsync(chosen, stored.ETag, cancellationToken))
            {
                return new CampaignResult.Done(chosen);
            }
        }

        throw new InvalidOperationException("The campaign kept changing while its delivery was chosen.");
    }

    private static string? Problem(Recipient recipient)
    {
        var email = recipient.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var address)
            || !string.Equals(address.Address, email, StringComparison.Ordinal) || !string.IsNullOrEmpty(address.DisplayName) || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "The e-mail address is missing or not valid.";
        }

        if (recipient.Name is { Length: > MaxName } || recipient.Name?.Any(char.IsControl) == true)
        {
            return $"The name must be at most {MaxName} characters on one line.";
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidatePrefill(new CampaignPrefill(Blank(recipient.Insurer), Blank(recipient.Plan), Blank(recipient.Role)?.ToLowerInvariant(), Blank(recipient.Language)?.ToLowerInvariant()), string.Empty, errors);
        return errors.Count == 0 ? null : string.Join(" ", errors.Values.SelectMany(v => v));
    }

    private static void ValidatePrefill(CampaignPrefill? prefill, string prefix, Dictionary<string, string[]> errors)
    {
        if (prefill is null)
        {
            return;
        }

        if (prefill.Insurer is { Length: > MaxName })
        {
            errors[prefix + "insurer"] = [$"The insurer must be at most {MaxName} characters."];
        }

        if (prefill.Plan is { Length: > MaxName })
        {
            errors[prefix + "plan"] = [$"The plan must be at most {MaxName} characters."];
        }

        if (prefill.ReporterRole is { } role && !ReportSchema.ReporterRoles.Contains(role))
        {
            errors[prefix + "role"] = [$"The role must be one of {string.Join(", ", ReportSchema.ReporterRoles)}."];
        }

        if (prefill.Language is { } language && !FormLanguages.IsSupported(language))
        {
            errors[prefix + "language"] = [$"The language must be one of {string.Join(", ", FormLanguages.All)}."];
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static CampaignResult.NotFound NoCampaign(string id) => new($"There is no campaign '{id}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} created")]
    private static partial void LogCreated(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} closed")]
    private static partial void LogClosed(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Added} recipients added, {Suppressed} suppressed, {Duplicate} duplicates, {Invalid} invalid")]
    private static partial void LogRecipientsAdded(ILogger logger, string campaignId, int added, int suppressed, int duplicate, int invalid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Count} invitations queued for sending")]
    private static partial void LogSendQueued(ILogger logger, string campaignId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: links of {Count} invitations downloaded")]
    private static partial void LogLinksDownloaded(ILogger logger, string campaignId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} reminders queued")]
    private static partial void LogRemindersQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: recipient addresses deleted")]
    private static partial void LogAddressesDeleted(ILogger logger, string campaignId);
}
