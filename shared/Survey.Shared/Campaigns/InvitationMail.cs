using System.Globalization;
using System.Text;
using Survey.Shared.Forms;
using Survey.Shared.Mail;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Campaigns;

/// <summary>
/// Writes an invitation or its reminder in the recipient's language: plain text and HTML (every value
/// HTML-encoded), the personal link, and the unsubscribe link also as <c>List-Unsubscribe</c> with RFC 8058
/// one-click.
/// </summary>
internal static class InvitationMail
{
    public static MailMessage Write(Campaign campaign, string language, string? name, string email, string surveyLink, string unsubscribeLink, bool reminder)
    {
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        campaign.Texts.TryGetValue(language, out var own);
        string T(string key) => CampaignTexts.Get(language, key);

        var subject = (reminder ? own?.ReminderSubject : own?.Subject) ?? T(reminder ? "mail.reminderSubject" : "mail.subject");
        var body = (reminder ? own?.ReminderBody : own?.Body) ?? T(reminder ? "mail.reminderBody" : "mail.body");
        var greeting = string.IsNullOrWhiteSpace(name) ? T("mail.greeting") : T("mail.greetingNamed").Replace("{name}", name.Trim(), StringComparison.Ordinal);
        var closes = T("mail.closes").Replace("{date}", Date(campaign.ClosesAt, language), StringComparison.Ordinal);
        var paragraphs = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var text = new StringBuilder()
            .Append(greeting).Append("\n\n")
            .AppendJoin("\n\n", paragraphs).Append("\n\n")
            .Append(T("mail.link")).Append('\n').Append(surveyLink).Append("\n\n")
            .Append(closes).Append("\n\n-- \n")
            .Append(T("mail.unsubscribe")).Append(' ').Append(unsubscribeLink).Append('\n');

        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>\n<body>\n")
            .Append("<p>").Append(Encode(greeting)).Append("</p>\n");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }

        html.Append("<p>").Append(Encode(T("mail.link"))).Append("<br>\n<a href=\"").Append(Encode(surveyLink)).Append("\">").Append(Encode(surveyLink)).Append("</a></p>\n")
            .Append("<p>").Append(Encode(closes)).Append("</p>\n")
            .Append("<hr>\n<p><small>").Append(Encode(T("mail.unsubscribe"))).Append(" <a href=\"").Append(Encode(unsubscribeLink)).Append("\">").Append(Encode(unsubscribeLink)).Append("</a></small></p>\n")
            .Append("</body>\n</html>\n");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["List-Unsubscribe"] = "<" + unsubscribeLink + ">",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        return new MailMessage(email, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), subject, text.ToString(), html.ToString(), headers);
    }

    private static string Date(DateTimeOffset when, string language) => language switch
    {
        "es" => when.UtcDateTime.ToString("d 'de' MMMM 'de' yyyy", CultureInfo.GetCultureInfo("es")),
        "pt" => when.UtcDateTime.ToString("d 'de' MMMM 'de' yyyy", CultureInfo.GetCultureInfo("pt-BR")),
        _ => when.UtcDateTime.ToString("MMMM d, yyyy", CultureInfo.GetCultureInfo("en-US")),
    };
}
