using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Campaigns;

/// <summary>
/// How a campaign reaches its recipients, chosen once: by e-mail from us (<see cref="SendAsync"/>), or as a CSV of
/// links the committee sends with its own tool (<see cref="DownloadLinksAsync"/>). Logs carry campaign ids and
/// counts, never an address, a name or a token.
/// </summary>
public sealed partial class CampaignSending
{
    /// <summary>How many batches of 100 links a download writes at a time.</summary>
    private const int LinkWriters = 4;

    private readonly CampaignStore _store;
    private readonly InvitationLinks _links;
    private readonly TimeProvider _time;
    private readonly CampaignOptions _options;
    private readonly ILogger<CampaignSending> _logger;

    internal CampaignSending(CampaignStore store, InvitationLinks links, TimeProvider time, IOptions<CampaignOptions> options, ILogger<CampaignSending> logger)
    {
        _store = store;
        _links = links;
        _time = time;
        _options = options.Value;
        _logger = logger;
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
            links.Select(l => (l.Stored.Value.Email!, l.Stored.Value.Name, CampaignService.LanguageOf(campaign, l.Stored.Value), _links.SurveyLink(l.Token))).ToList()));
    }

    private async Task<CampaignResult> ChooseDeliveryAsync(string id, string delivery, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await _store.GetCampaignAsync(id, cancellationToken) is not { } stored)
            {
                return CampaignService.NoCampaign(id);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Count} invitations queued for sending")]
    private static partial void LogSendQueued(ILogger logger, string campaignId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: links of {Count} invitations downloaded")]
    private static partial void LogLinksDownloaded(ILogger logger, string campaignId, int count);
}
