using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;

namespace Survey.Functions.Campaigns;

/// <summary>
/// Unsubscribes a link's address from every campaign: the page's button, or the RFC 8058 one-click POST of a
/// mail client (<c>List-Unsubscribe=One-Click</c>, url-encoded or multipart). The body is not needed, but a body
/// of any other kind is not one of those and gets a 415 problem.
/// </summary>
public sealed class Unsubscribe(LinkService links)
{
    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "u/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        if (await OneClickBodyProblemAsync(request, cancellationToken) is { } problem)
        {
            return problem;
        }

        return await links.UnsubscribeAsync(token, cancellationToken) is { } language
            ? HtmlResponses.Form(request, StatusCodes.Status200OK, CampaignPages.Unsubscribed(LinkPages.Language(request, language)))
            : LinkPages.Refused(request);
    }

    /// <summary>
    /// A problem for a body that is neither empty nor a readable form post (415, or 400 for a malformed form); null
    /// for an unsubscribe POST as a page's button or a mail client's one-click sends it.
    /// </summary>
    internal static async Task<IActionResult?> OneClickBodyProblemAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HasBody(request))
        {
            return null;
        }

        if (!request.HasFormContentType)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                "Unsubscribe takes an empty body or a form post (application/x-www-form-urlencoded or multipart/form-data).");
        }

        try
        {
            await request.ReadFormAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "The form body is malformed.", "Send an empty body or List-Unsubscribe=One-Click.");
        }
    }

    private static bool HasBody(HttpRequest request)
        => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey("Transfer-Encoding"));
}
