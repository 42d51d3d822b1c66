using System.Text;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Forms;

/// <summary>
/// The page where a reporter withdraws a report with its withdrawal code, and its answer, in the form's
/// languages and under the form's policy: a plain <c>POST</c> of <c>code</c> and <c>language</c> to
/// <c>/api/reports/withdraw</c>, no script needed.
/// </summary>
public static class WithdrawPage
{
    public const string Path = "/api/withdraw";

    private const string WithdrawPath = "/api/reports/withdraw";

    public static string Url(string language) => Path + "?lang=" + language;

    /// <summary>The page with its field; with <paramref name="invalid"/>, what was typed and why it is not a code.</summary>
    public static string Render(string language, string? typed = null, bool invalid = false)
    {
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        var t = FormTexts.For(language);
        var html = new StringBuilder(4096);
        html.Append("<main id=\"main\">\n<h1>").Append(Encode(t["withdraw.title"])).Append("</h1>\n")
            .Append("<p class=\"intro\">").Append(Encode(t["withdraw.intro"])).Append("</p>\n")
            .Append("<form method=\"post\" action=\"").Append(WithdrawPath).Append("\" accept-charset=\"utf-8\" novalidate>\n")
            .Append("<input type=\"hidden\" name=\"language\" value=\"").Append(language).Append("\">\n")
            .Append("<div class=\"field").Append(invalid ? " has-error" : string.Empty).Append("\">\n")
            .Append("<label for=\"withdrawal-code-input\">").Append(Encode(t["withdraw.code.label"])).Append("</label>\n")
            .Append("<p class=\"hint\" id=\"withdrawal-code-hint\">").Append(Encode(t["withdraw.code.hint"])).Append("</p>\n");
        if (invalid)
        {
            html.Append("<p class=\"error\" id=\"withdrawal-code-error\" role=\"alert\"><strong>").Append(Encode(t["error.prefix"])).Append("</strong> ")
                .Append(Encode(t["withdraw.invalid"])).Append("</p>\n");
        }

        html.Append("<input type=\"text\" id=\"withdrawal-code-input\" name=\"code\" required autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" value=\"")
            .Append(Encode(typed)).Append("\" aria-describedby=\"withdrawal-code-hint").Append(invalid ? " withdrawal-code-error\" aria-invalid=\"true\"" : "\"").Append(">\n</div>\n")
            .Append("<div class=\"actions\"><button type=\"submit\">").Append(Encode(t["withdraw.submit"])).Append("</button></div>\n</form>\n</main>\n");
        return FormPage.Document(language, (invalid ? t["error.prefix"] + " " : string.Empty) + t["withdraw.title"], html.ToString(), script: false);
    }

    /// <summary>The answer to a well-formed code: the same whether or not the code belongs to a report.</summary>
    public static string RenderDone(string language)
    {
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        var t = FormTexts.For(language);
        var html = new StringBuilder(2048);
        html.Append("<main id=\"main\" class=\"thanks-page\">\n<section class=\"thanks\" aria-labelledby=\"withdrawn-title\">\n")
            .Append("<h1 id=\"withdrawn-title\">").Append(Encode(t["withdraw.done.title"])).Append("</h1>\n")
            .Append("<p>").Append(Encode(t["withdraw.done.text"])).Append("</p>\n</section>\n</main>\n");
        return FormPage.Document(language, t["withdraw.done.title"] + " — " + t["withdraw.title"], html.ToString(), script: false);
    }
}
