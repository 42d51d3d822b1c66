using System.Text;
using Survey.Shared.Forms;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Campaigns;

/// <summary>
/// The small pages around a personal link: the one kind answer for every link that does not work (never saying
/// why, nor whose it was), the unsubscribe page with its button, and its confirmation. Styled like the form,
/// under the form's security headers.
/// </summary>
public static class CampaignPages
{
    /// <summary>The answer to an unknown, used, revoked or expired link, and to one of a closed campaign.</summary>
    public static string Refused(string language)
    {
        language = Supported(language);
        var body = new StringBuilder()
            .Append("<p>").Append(Encode(CampaignTexts.Get(language, "refused.text"))).Append("</p>\n")
            .Append("<p><a href=\"").Append(Encode(FormPage.Path + "?lang=" + language)).Append("\">").Append(Encode(CampaignTexts.Get(language, "refused.form"))).Append("</a></p>\n");
        return Document(language, CampaignTexts.Get(language, "refused.title"), body.ToString());
    }

    /// <summary>The unsubscribe page: a button that posts back (a GET, which mail scanners prefetch, changes nothing).</summary>
    public static string Unsubscribe(string language, string action)
    {
        language = Supported(language);
        var body = new StringBuilder()
            .Append("<p>").Append(Encode(CampaignTexts.Get(language, "unsubscribe.text"))).Append("</p>\n")
            .Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">")
            .Append("<button type=\"submit\">").Append(Encode(CampaignTexts.Get(language, "unsubscribe.button"))).Append("</button></form>\n");
        return Document(language, CampaignTexts.Get(language, "unsubscribe.title"), body.ToString());
    }

    public static string Unsubscribed(string language)
    {
        language = Supported(language);
        return Document(language, CampaignTexts.Get(language, "unsubscribed.title"), "<p>" + Encode(CampaignTexts.Get(language, "unsubscribed.text")) + "</p>\n");
    }

    private static string Supported(string language) => FormLanguages.IsSupported(language) ? language : FormLanguages.Default;

    internal static string Document(string language, string title, string body) => new StringBuilder()
        .Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
        .Append("<title>").Append(Encode(title)).Append("</title>\n<link rel=\"icon\" href=\"data:,\">\n")
        .Append("<link rel=\"stylesheet\" href=\"").Append(Encode(FormAssets.Url(FormAssets.Stylesheet))).Append("\">\n</head>\n<body>\n")
        .Append("<main id=\"main\" class=\"thanks-page\">\n<section class=\"thanks\">\n<h1>").Append(Encode(title)).Append("</h1>\n")
        .Append(body).Append("</section>\n</main>\n</body>\n</html>\n")
        .ToString();
}
