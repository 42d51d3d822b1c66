using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>Revokes one invitation: its links stop working (204).</summary>
public sealed class RevokeInvitation(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(RevokeInvitation))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/invitations/{invitationId}/revoke")] HttpRequest request,
        string id,
        string invitationId,
        CancellationToken cancellationToken)
        => CampaignResults.From(await campaigns.RevokeAsync(id, invitationId, cancellationToken), _ => new NoContentResult());
}
