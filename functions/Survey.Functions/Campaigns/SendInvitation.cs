using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Campaigns;
using Survey.Shared.Storage;

namespace Survey.Functions.Campaigns;

/// <summary>Sends one invitation or reminder from the <c>invitations</c> queue; throws when the mail server is unavailable, so it is retried.</summary>
public sealed class SendInvitation(InvitationSender sender)
{
    [Function(nameof(SendInvitation))]
    public Task Run(
        [QueueTrigger(StorageNames.InvitationsQueue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
        => sender.ProcessAsync(message, cancellationToken);
}
