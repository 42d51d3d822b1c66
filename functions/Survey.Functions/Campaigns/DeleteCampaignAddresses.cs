using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>On <c>Survey:Campaigns:DeleteAddressesSchedule</c> (default every day at 04:00 UTC): deletes recipients' addresses and names of campaigns closed <c>Survey:Campaigns:DeleteAddressesAfterDays</c> ago.</summary>
public sealed class DeleteCampaignAddresses(CampaignJobs campaigns)
{
    [Function(nameof(DeleteCampaignAddresses))]
    [ExponentialBackoffRetry(TimerRetry.Count, TimerRetry.First, TimerRetry.Longest)]
    public Task Run([TimerTrigger("%" + CampaignOptions.DeleteAddressesScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => campaigns.DeleteExpiredAddressesAsync(cancellationToken);
}
