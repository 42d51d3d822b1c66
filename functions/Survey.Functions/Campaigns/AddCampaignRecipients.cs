using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared;
using Survey.Shared.Access;
using Survey.Shared.Campaigns;
using Survey.Shared.Http;

namespace Survey.Functions.Campaigns;

/// <summary>
/// Adds recipients to a campaign: JSON <c>{"recipients":[{"email":…,"name":…,"insurer":…,"plan":…,"role":…,"language":…}]}</c>,
/// or a <c>text/csv</c> upload with the header <c>email,name,insurer,plan,role,language</c> (only email required).
/// Answers the counts: added, skipped as suppressed or duplicate, and the invalid rows.
/// </summary>
public sealed class AddCampaignRecipients(CampaignService campaigns)
{
    [Committee]
    [Function(nameof(AddCampaignRecipients))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/invitations")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CampaignResult result;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && string.Equals(type.MediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            var csv = await RequestBodies.ReadAtMostAsync(request.Body, campaigns.MaxCsvBytes, cancellationToken);
            if (csv is null)
            {
                return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"A recipient CSV may be at most {campaigns.MaxCsvBytes / 1024} KiB; split it.");
            }

            result = await campaigns.AddRecipientsCsvAsync(id, csv, cancellationToken);
        }
        else
        {
            var (list, problem) = await JsonBody.ReadAsync<RecipientList>(request, cancellationToken, maxBytes: campaigns.MaxCsvBytes);
            if (problem is not null)
            {
                return problem;
            }

            result = await campaigns.AddRecipientsAsync(id, list!.Recipients ?? [], cancellationToken);
        }

        return CampaignResults.From(result, added => new OkObjectResult(added));
    }
}
