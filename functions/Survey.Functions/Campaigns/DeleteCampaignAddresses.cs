using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>Every day at 04:00 UTC: deletes recipients' addresses and names of campaigns closed <c>Survey:Campaigns:DeleteAddressesAfterDays</c> ago.</summary>
public sealed class DeleteCampaignAddresses(CampaignService campaigns)
{
    public const string Schedule = "0 0 4 * * *";

    [Function(nameof(DeleteCampaignAddresses))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
        => campaigns.DeleteExpiredAddressesAsync(cancellationToken);
}
