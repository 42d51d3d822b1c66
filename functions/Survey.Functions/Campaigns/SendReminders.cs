using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>Every day at 14:00 UTC: queues the one reminder of every invitation due one (see <c>Survey:Campaigns:ReminderAfterDays</c>).</summary>
public sealed class SendReminders(CampaignService campaigns)
{
    public const string Schedule = "0 0 14 * * *";

    [Function(nameof(SendReminders))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => campaigns.QueueRemindersAsync(cancellationToken);
}
