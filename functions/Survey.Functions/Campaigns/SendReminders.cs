using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>On <c>Survey:Campaigns:ReminderSchedule</c> (default every day at 14:00 UTC): queues the one reminder of every invitation due one (see <c>Survey:Campaigns:ReminderAfterDays</c>).</summary>
public sealed class SendReminders(CampaignJobs campaigns)
{
    [Function(nameof(SendReminders))]
    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger("%" + CampaignOptions.ReminderScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => campaigns.QueueRemindersAsync(cancellationToken);
}
