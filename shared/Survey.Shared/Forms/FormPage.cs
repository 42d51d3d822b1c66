using System.Text;
using Survey.Shared.Reports;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Forms;

/// <summary>Why a form is answered again without field errors.</summary>
public enum FormNotice
{
    None,

    /// <summary>Storage was busy (503): nothing was saved, try again.</summary>
    Busy,

    /// <summary>The body was over the size limit (413).</summary>
    TooLarge,

    /// <summary>The form could not be read.</summary>
    General,

    /// <summary>Too many posts from this client (429): nothing was saved, try again later.</summary>
    TooMany,
}

/// <summary>
/// The report form and its thank-you page, server-rendered in one language. The form works as a plain
/// <c>POST</c> to <c>/api/reports</c>; form.js makes it better (a JSON answer, a submission id, inline errors, a draft
/// kept on the device, the plan picker). Every typed value is HTML-encoded; the page has no inline script or
/// style, so its policy needs no <c>unsafe-inline</c> and no nonce.
/// </summary>
public static class FormPage
{
    public const string Path = "/api/form";

    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The headers of the form and its answers: the policy and the page headers (no caching: the page holds what was typed).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SecurityHeaders { get; } =
        [new("Content-Security-Policy", ContentSecurityPolicy), .. Http.SecurityHeaders.Page];

    /// <summary>Where the plain form posts.</summary>
    public const string ReportsPath = "/api/reports";

    /// <summary>
    /// The form in <paramref name="language"/> with <paramref name="values"/> filled in (what was typed, or a
    /// prefill such as insurer, plan and reporter role), the validator's <paramref name="errors"/> next to their
    /// fields and in a summary, and an optional notice.
    /// </summary>
    /// <param name="action">Where the form posts: <c>/api/reports</c>, or a personal link's <c>/api/s/{token}</c>.</param>
    /// <param name="questionnaire">The questions to ask: <see cref="Questionnaire.Default"/> unless a test says otherwise.</param>
    public static string Render(string language, FormValues values, IReadOnlyDictionary<string, string[]>? errors = null, FormNotice notice = FormNotice.None, string action = ReportsPath, Questionnaire? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        var page = new Builder(language, values, FormErrors.Translate(language, errors ?? new Dictionary<string, string[]>()), action, questionnaire ?? Questionnaire.Default);
        return page.Form(notice);
    }

    /// <summary>
    /// The thank-you page of a form sent without script, with the report's withdrawal code (shown this once) and
    /// what comes next (the letters section, HTML already encoded), if anything.
    /// </summary>
    public static string RenderThanks(string language, string withdrawalCode, string next = "")
    {
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        var t = FormTexts.For(language);
        var body = new StringBuilder();
        body.Append("<main id=\"main\" class=\"thanks-page\">\n<section class=\"thanks\" aria-labelledby=\"thanks-title\">\n")
            .Append("<h1 id=\"thanks-title\">").Append(Encode(t["thanks.title"])).Append("</h1>\n")
            .Append("<p>").Append(Encode(t["thanks.text"])).Append("</p>\n")
            .Append(WithdrawalCodeBlock(t, language, withdrawalCode))
            .Append("<p><a href=\"").Append(Encode(FormUrl(language))).Append("\">").Append(Encode(t["thanks.another"])).Append("</a></p>\n")
            .Append("</section>\n").Append(next).Append("</main>\n");
        return Document(language, t["thanks.title"] + " — " + t["page.title"], body.ToString(), script: next.Length > 0);
    }

    private static string FormUrl(string language) => Path + "?lang=" + language;

    /// <summary>The withdrawal code with what it is for; hidden and empty when the script fills it in from the 202 answer.</summary>
    private static string WithdrawalCodeBlock(IReadOnlyDictionary<string, string> t, string language, string? code)
        => new StringBuilder()
            .Append("<div class=\"withdrawal\" id=\"withdrawal\"").Append(code is null ? " hidden" : string.Empty).Append(">\n<p>")
            .Append(Encode(t["thanks.code.label"])).Append("</p>\n<p><code class=\"withdrawal-code\" id=\"withdrawal-code\">")
            .Append(Encode(code ?? string.Empty)).Append("</code></p>\n<p class=\"small\">").Append(Encode(t["thanks.code.hint"]))
            .Append(" <a href=\"").Append(Encode(WithdrawPage.Url(language))).Append("\">").Append(Encode(t["withdraw.title"])).Append("</a></p>\n</div>\n")
            .ToString();

    internal static string Document(string language, string title, string main, bool script, string page = Path)
    {
        var t = FormTexts.For(language);
        var html = new StringBuilder(main.Length + 2048);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Encode(FormAssets.Url(FormAssets.Stylesheet))).Append("\">\n");
        if (script)
        {
            html.Append("<script src=\"").Append(Encode(FormAssets.Url(FormAssets.Script))).Append("\" defer></script>\n");
        }

        html.Append("</head>\n<body>\n<header class=\"top\">\n<nav aria-label=\"").Append(Encode(t["language.switch"])).Append("\">\n<ul class=\"languages\">\n");
        foreach (var other in FormLanguages.All)
        {
            html.Append("<li><a href=\"").Append(Encode(page + "?lang=" + other)).Append("\" lang=\"").Append(other).Append("\" hreflang=\"").Append(other).Append('"')
                .Append(other == language ? " aria-current=\"page\"" : string.Empty).Append('>')
                .Append(Encode(FormTexts.Get(other, "language.name"))).Append("</a></li>\n");
        }

        html.Append("</ul>\n</nav>\n</header>\n").Append(main).Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Renders one form: the texts, the values and the translated errors.</summary>
    private sealed class Builder
    {
        private readonly string _language;
        private readonly FormValues _values;
        private readonly IReadOnlyDictionary<string, string[]> _errors;
        private readonly string _action;
        private readonly Questionnaire _questionnaire;
        private readonly IReadOnlyDictionary<string, string> _t;
        private readonly StringBuilder _html = new(48 * 1024);
        private readonly FormFields _fields;

        public Builder(string language, FormValues values, IReadOnlyDictionary<string, string[]> errors, string action, Questionnaire questionnaire)
        {
            _language = language;
            _values = values;
            _errors = errors;
            _action = action;
            _questionnaire = questionnaire;
            _t = FormTexts.For(language, questionnaire);
            _fields = new FormFields(language, _t, values, errors, _html);
        }

        public string Form(FormNotice notice)
        {
            var title = _t["page.title"];
            _html.Append("<main id=\"main\">\n<h1>").Append(Encode(title)).Append("</h1>\n")
                .Append("<p class=\"intro\">").Append(Encode(_t["page.intro"])).Append("</p>\n");

            if (notice != FormNotice.None)
            {
                var key = notice switch
                {
                    FormNotice.Busy => "error.busy",
                    FormNotice.TooLarge => "error.tooLarge",
                    FormNotice.TooMany => "error.tooMany",
                    _ => "error.general",
                };
                _html.Append("<div class=\"notice notice-error\" id=\"form-notice\" role=\"alert\" tabindex=\"-1\"><p><strong>")
                    .Append(Encode(_t["error.prefix"])).Append("</strong> ").Append(Encode(_t[key])).Append("</p></div>\n");
            }
            else
            {
                _html.Append("<div class=\"notice notice-error\" id=\"form-notice\" role=\"alert\" tabindex=\"-1\" hidden></div>\n");
            }

            ErrorSummary();

            _html.Append("<div class=\"notice\" id=\"draft-restored\" hidden><p>").Append(Encode(_t["draft.restored"]))
                .Append("</p><p><button type=\"button\" class=\"secondary\" id=\"start-over\">").Append(Encode(_t["draft.startOver"])).Append("</button></p></div>\n");

            _html.Append("<form id=\"report-form\" method=\"post\" action=\"").Append(Encode(_action)).Append("\" accept-charset=\"utf-8\" novalidate")
                .Append(_errors.Count > 0 || notice != FormNotice.None ? " data-answered=\"true\"" : string.Empty).Append(">\n")
                .Append("<input type=\"hidden\" name=\"language\" value=\"").Append(_language).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"submissionId\" value=\"").Append(Encode(SubmissionId())).Append("\">\n")
                .Append("<p class=\"small\">").Append(Encode(_t["page.requiredNote"])).Append("</p>\n");

            _html.Append("<section class=\"part\" aria-labelledby=\"part-required\">\n<h2 id=\"part-required\">").Append(Encode(_t["section.required"])).Append("</h2>\n");
            Questions(FormSection.Visit);
            _html.Append("</section>\n");

            _html.Append("<section class=\"part more\" aria-labelledby=\"part-more\">\n<h2 id=\"part-more\">").Append(Encode(_t["section.more"])).Append("</h2>\n")
                .Append("<p class=\"hint\">").Append(Encode(_t["section.more.hint"])).Append("</p>\n");
            Questions(FormSection.More);
            _html.Append("</section>\n");

            Honeypot();

            _html.Append("<section class=\"part privacy\" aria-labelledby=\"part-privacy\">\n<h2 id=\"part-privacy\">").Append(Encode(_t["privacy.title"])).Append("</h2>\n")
                .Append("<p>").Append(Encode(_t["privacy.text"])).Append("</p>\n")
                .Append("<p class=\"small\">").Append(Encode(_t["draft.note"])).Append("</p>\n</section>\n");

            _html.Append("<div class=\"actions\"><button type=\"submit\" id=\"send\">").Append(Encode(_t["submit"])).Append("</button>")
                .Append("<p id=\"form-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p></div>\n</form>\n");

            _html.Append("<section class=\"thanks\" id=\"thanks\" aria-labelledby=\"thanks-heading\" tabindex=\"-1\" hidden>\n<h2 id=\"thanks-heading\">").Append(Encode(_t["thanks.title"])).Append("</h2>\n")
                .Append("<p>").Append(Encode(_t["thanks.text"])).Append("</p>\n")
                .Append(WithdrawalCodeBlock(_t, _language, code: null))
                .Append("<p><a href=\"").Append(Encode(FormUrl(_language))).Append("\">").Append(Encode(_t["thanks.another"])).Append("</a></p>\n</section>\n");

            _html.Append(FormScriptData.Element(_language, _questionnaire, _t));
            _html.Append("</main>\n");
            // A personal link's form switches language on its own address, so the link is not lost.
            return Document(_language, (_errors.Count > 0 ? _t["error.prefix"] + " " : string.Empty) + title, _html.ToString(), script: true,
                page: _action == ReportsPath ? Path : _action);
        }

        private void Questions(FormSection section)
        {
            foreach (var question in _questionnaire.Where(q => q.Section == section))
            {
                if (question.PlanPickerBefore)
                {
                    PlanSearch();
                }

                _fields.Write(question);
            }
        }

        private bool OnPage(string field) => _questionnaire.Contains(field) && _questionnaire[field].OnForm;

        private string SubmissionId()
        {
            var given = _values.Get("submissionId")?.Trim();
            return given is not null && Guid.TryParseExact(given, "D", out _) ? given : Guid.NewGuid().ToString("D");
        }

        private void ErrorSummary()
        {
            if (_errors.Count == 0)
            {
                return;
            }

            _html.Append("<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" autofocus>\n")
                .Append("<h2 id=\"error-summary-title\">").Append(Encode(_t["errorSummary.title"])).Append("</h2>\n<ul>\n");

            // In the order the fields appear, then anything that is not a field of the page.
            var order = _questionnaire.Keys;
            foreach (var (field, messages) in _errors.OrderBy(e => order.IndexOf(e.Key) is var i && i < 0 ? int.MaxValue : i))
            {
                foreach (var message in messages)
                {
                    _html.Append("<li>");
                    if (OnPage(field))
                    {
                        _html.Append("<a href=\"#").Append(FormFields.FocusId(_questionnaire[field])).Append("\">").Append(Encode(message)).Append("</a>");
                    }
                    else
                    {
                        _html.Append(Encode(message));
                    }

                    _html.Append("</li>\n");
                }
            }

            _html.Append("</ul>\n</div>\n");
        }

        /// <summary>The plan picker: shown by the script once it has the catalogue; without it the insurer and plan boxes do the job.</summary>
        private void PlanSearch()
        {
            _html.Append("<div class=\"field plan-search\" id=\"plan-search-field\" hidden>\n")
                .Append("<label for=\"plan-search\">").Append(Encode(_t["planSearch.label"])).Append("</label>\n")
                .Append("<p class=\"hint\" id=\"plan-search-hint\">").Append(Encode(_t["planSearch.hint"])).Append("</p>\n")
                .Append("<input type=\"text\" id=\"plan-search\" list=\"plan-options\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"plan-search-hint\">\n")
                .Append("<datalist id=\"plan-options\"></datalist>\n</div>\n");
        }

        private void Honeypot()
        {
            _html.Append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">").Append(Encode(_t["website.label"])).Append("</label>")
                .Append("<input type=\"text\" id=\"f-website\" name=\"").Append(FormSubmission.HoneypotField).Append("\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
        }
    }
}
