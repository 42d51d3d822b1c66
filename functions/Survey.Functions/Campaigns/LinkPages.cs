using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Functions.Http;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;

namespace Survey.Functions.Campaigns;

/// <summary>The answers of personal links shared by their functions.</summary>
internal static class LinkPages
{
    /// <summary>The one answer for every link that does not work: 410 and the same page, in the browser's language only.</summary>
    public static ContentResult Refused(HttpRequest request)
        => HtmlResponses.Form(request, StatusCodes.Status410Gone, CampaignPages.Refused(FormLanguages.Choose(null, request.Headers.AcceptLanguage.ToString())));

    /// <summary>The language of a page for a link's recipient: an explicit <c>?lang=</c>, else the recipient's (their mail's).</summary>
    public static string Language(HttpRequest request, string recipientLanguage)
        => FormLanguages.IsSupported(request.Query["lang"]) ? request.Query["lang"].ToString() : recipientLanguage;

    public static string SurveyPath(string token) => "/api/s/" + Uri.EscapeDataString(token);

    public static string UnsubscribePath(string token) => "/api/u/" + Uri.EscapeDataString(token);

    /// <summary>Where the unsubscribe page's button posts: the link, keeping a language chosen with <c>?lang=</c> for the confirmation.</summary>
    public static string UnsubscribeAction(HttpRequest request, string token)
        => FormLanguages.IsSupported(request.Query["lang"]) ? UnsubscribePath(token) + "?lang=" + request.Query["lang"] : UnsubscribePath(token);
}
