using static Survey.Shared.Html.Html;

namespace Survey.Shared.Signals;

/// <summary>The digest's unsubscribe page (a button: a GET changes nothing, since mail scanners fetch links) and its confirmation, styled like the campaigns'.</summary>
public static class DigestPages
{
    public static string Unsubscribe(string action) => Campaigns.CampaignPages.Document(
        "en",
        "Unsubscribe from the signals digest",
        "<p>Press the button to receive no more digests of coverage signals.</p>\n<form method=\"post\" action=\"" + Encode(action)
        + "\"><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\">Unsubscribe</button></form>\n");

    public static string Unsubscribed() => Campaigns.CampaignPages.Document("en", "You are unsubscribed", "<p>We will not send you any more digests of coverage signals.</p>\n");
}
