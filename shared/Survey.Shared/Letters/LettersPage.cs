using System.Globalization;
using System.Text;
using Survey.Shared.Forms;
using Survey.Shared.Reports;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Letters;

/// <summary>
/// The letters on the thank-you page and a printable page per letter, server-rendered (the script adds copy and a
/// live e-mail link). The section is one form: the report's answers ride along as hidden fields, so the printable
/// page is recomputed from the post and nothing is kept anywhere. Every typed value is HTML-encoded.
/// </summary>
public static class LettersPage
{
    /// <summary>Where the letters form posts.</summary>
    public const string Path = "/api/letters";

    /// <summary>The longest subject and letter taken back from the page (a letter is one printed page).</summary>
    public const int MaxSubject = 300;

    /// <inheritdoc cref="MaxSubject"/>
    public const int MaxBody = 12_000;

    /// <summary>The letters section for <paramref name="report"/>, or an empty string when no letter fits it.</summary>
    public static string Section(Report report, IReadOnlyList<Letter> letters, string language)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0)
        {
            return string.Empty;
        }

        var t = LetterData.For(language);
        var html = new StringBuilder(16 * 1024);
        html.Append("<section class=\"letters\" id=\"letters\" aria-labelledby=\"letters-title\">\n<h2 id=\"letters-title\">").Append(Encode(t["section.title"])).Append("</h2>\n")
            .Append("<p>").Append(Encode(t["section.intro"])).Append("</p>\n")
            .Append("<p class=\"small letters-note\" id=\"letters-note\">").Append(Encode(t["section.note"])).Append("</p>\n")
            .Append("<form method=\"post\" action=\"").Append(Path).Append("\" target=\"_blank\" accept-charset=\"utf-8\" class=\"letters-form\">\n");
        foreach (var (name, value) in HiddenFields(report, language))
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append("\">\n");
        }

        foreach (var letter in letters)
        {
            var id = "letter-" + letter.Kind;
            html.Append("<article class=\"letter\" id=\"").Append(id).Append("\" data-kind=\"").Append(letter.Kind).Append("\" data-recipient=\"").Append(Encode(letter.Recipient))
                .Append("\" aria-labelledby=\"").Append(id).Append("-title\">\n<h3 id=\"").Append(id).Append("-title\">").Append(Encode(letter.Title)).Append("</h3>\n")
                .Append("<p class=\"hint\">").Append(Encode(letter.Why)).Append("</p>\n")
                .Append("<p class=\"letter-to\"><span class=\"to-label\">").Append(Encode(t["to"])).Append(":</span> ").Append(Recipient(letter)).Append("</p>\n")
                .Append("<div class=\"field\"><label for=\"").Append(id).Append("-subject\">").Append(Encode(t["subject"])).Append("</label>\n")
                .Append("<input type=\"text\" id=\"").Append(id).Append("-subject\" name=\"subject-").Append(letter.Kind).Append("\" value=\"").Append(Encode(letter.Subject))
                .Append("\" maxlength=\"").Append(MaxSubject).Append("\"></div>\n")
                .Append("<div class=\"field\"><label for=\"").Append(id).Append("-body\">").Append(Encode(t["body"])).Append("</label>\n")
                // The newline after the tag keeps the first line: the parser drops one leading newline.
                .Append("<textarea id=\"").Append(id).Append("-body\" name=\"body-").Append(letter.Kind).Append("\" rows=\"18\" maxlength=\"").Append(MaxBody).Append("\">\n")
                .Append(Encode(letter.Body)).Append("</textarea></div>\n")
                .Append("<div class=\"letter-actions\"><button type=\"submit\" class=\"secondary\" name=\"letter\" value=\"").Append(letter.Kind).Append("\">")
                .Append(Encode(t["action.print"])).Append(" <span class=\"small\">").Append(Encode(t["action.print.hint"])).Append("</span></button>\n")
                .Append("<a class=\"mailto\" href=\"").Append(Encode(letter.Mailto)).Append("\">").Append(Encode(t["action.email"])).Append("</a>\n")
                .Append("<button type=\"button\" class=\"secondary copy\" data-copied=\"").Append(Encode(t["action.copied"])).Append("\" hidden>").Append(Encode(t["action.copy"])).Append("</button>\n")
                .Append("<span class=\"copy-status\" role=\"status\"></span></div>\n</article>\n");
        }

        html.Append("</form>\n</section>\n");
        return html.ToString();
    }

    /// <summary>A page with only the letters section (the script takes the section from it), or a short note when none fits.</summary>
    public static string Render(Report? report, IReadOnlyList<Letter> letters, string language)
    {
        var t = LetterData.For(language);
        var section = report is null ? string.Empty : Section(report, letters, language);
        var main = "<main id=\"main\">\n<h1>" + Encode(t["page.title"]) + "</h1>\n" + (section.Length == 0 ? "<p>" + Encode(t["none"]) + "</p>\n" : section) + "</main>\n";
        return FormPage.Document(language, t["page.title"], main, script: false, page: FormPage.Path);
    }

    /// <summary>One letter on a page of its own, to print on one US Letter page: date, recipient, subject and text.</summary>
    public static string RenderPrintable(Letter letter, string language, DateTimeOffset today)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var t = LetterData.For(language);
        var main = new StringBuilder()
            .Append("<main id=\"main\" class=\"letter-page\">\n<p class=\"small no-print\">").Append(Encode(t["print.hint"])).Append("</p>\n")
            .Append("<article class=\"printed-letter\">\n<p class=\"letter-date\">").Append(Encode(today.ToString(t["date.format"], CultureInfo.GetCultureInfo(language)))).Append("</p>\n")
            .Append("<p class=\"letter-to\">").Append(Recipient(letter)).Append("</p>\n")
            .Append("<h1 class=\"letter-subject\">").Append(Encode(letter.Subject)).Append("</h1>\n")
            .Append("<div class=\"letter-body\">").Append(Encode(letter.Body.ReplaceLineEndings("\n").Trim('\n'))).Append("</div>\n</article>\n</main>\n");
        return FormPage.Document(language, t["print.title"] + " — " + letter.Subject, main.ToString(), script: false, page: FormPage.Path);
    }

    /// <summary>The report's answers a letter uses, as the form fields they came from; never the contact e-mail address.</summary>
    private static IEnumerable<(string Name, string Value)> HiddenFields(Report report, string language)
    {
        yield return ("language", language);
        yield return ("reporterRole", report.ReporterRole);
        yield return ("state", report.State);
        yield return ("insurer", report.Insurer);
        yield return ("serviceMonth", report.ServiceMonth);
        yield return ("setting", report.Setting);
        yield return ("outcome", report.Outcome);
        var optional = new (string Name, string? Value)[]
        {
            ("plan", report.Plan), ("planType", report.PlanType), ("funding", report.Funding), ("employer", report.Employer),
            ("toldCoveredBeforehand", report.ToldCoveredBeforehand), ("denialReason", report.DenialReason),
            ("outOfPocketUsd", report.OutOfPocketUsd?.ToString(CultureInfo.InvariantCulture)), ("narrative", report.Narrative),
        };
        foreach (var (name, value) in optional)
        {
            if (value is not null)
            {
                yield return (name, value);
            }
        }
    }

    private static string Recipient(Letter letter)
    {
        var html = new StringBuilder().Append("<strong>").Append(Encode(letter.To)).Append("</strong>");
        foreach (var line in letter.Address)
        {
            html.Append("<br>").Append(Encode(line));
        }

        if (letter.Web is { } web)
        {
            html.Append("<br><a href=\"").Append(Encode(web)).Append("\" rel=\"noopener noreferrer\">").Append(Encode(web)).Append("</a>");
        }

        return html.ToString();
    }
}
