using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Campaigns;

/// <summary>
/// The campaigns' two scheduled jobs: the one reminder, and deleting addresses after a campaign closed. Logs carry
/// campaign ids and counts, never an address, a name or a token.
/// </summary>
public sealed partial class CampaignJobs
{
    private readonly CampaignStore _store;
    private readonly TimeProvider _time;
    private readonly CampaignOptions _options;
    private readonly ILogger<CampaignJobs> _logger;

    internal CampaignJobs(CampaignStore store, TimeProvider time, IOptions<CampaignOptions> options, ILogger<CampaignJobs> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
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

    private static bool NeedsReminder(Invitation i, DateTimeOffset due)
        => i is { InviteState: MailState.Sent, ReminderState: MailState.None, RespondedAt: null, UnsubscribedAt: null, RevokedAt: null, Email: not null }
           && i.SentAt <= due;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} reminders queued")]
    private static partial void LogRemindersQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: recipient addresses deleted")]
    private static partial void LogAddressesDeleted(ILogger logger, string campaignId);
}
