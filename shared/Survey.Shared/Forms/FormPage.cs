using System.Globalization;
using System.Text;
using System.Text.Json;
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
/// <c>POST</c> to <c>/api/reports</c>; form.js makes it better (JSON with a submission id, inline errors, a draft
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
    public static string Render(string language, FormValues values, IReadOnlyDictionary<string, string[]>? errors = null, FormNotice notice = FormNotice.None, string action = ReportsPath)
    {
        ArgumentNullException.ThrowIfNull(values);
        language = FormLanguages.IsSupported(language) ? language : FormLanguages.Default;
        var page = new Builder(language, values, FormErrors.Translate(language, errors ?? new Dictionary<string, string[]>()), action);
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
    private sealed class Builder(string language, FormValues values, IReadOnlyDictionary<string, string[]> errors, string action)
    {
        private static readonly string[] Selects = ["state", "planType", "funding", "providerCredential", "networkStatus", "priorAuthorizationRequired", "toldCoveredBeforehand", "denialReason"];

        private readonly IReadOnlyDictionary<string, string> _t = FormTexts.For(language);
        private readonly StringBuilder _html = new(48 * 1024);

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

            _html.Append("<form id=\"report-form\" method=\"post\" action=\"").Append(Encode(action)).Append("\" accept-charset=\"utf-8\" novalidate")
                .Append(errors.Count > 0 || notice != FormNotice.None ? " data-answered=\"true\"" : string.Empty).Append(">\n")
                .Append("<input type=\"hidden\" name=\"language\" value=\"").Append(language).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"submissionId\" value=\"").Append(Encode(SubmissionId())).Append("\">\n")
                .Append("<p class=\"small\">").Append(Encode(_t["page.requiredNote"])).Append("</p>\n");

            _html.Append("<section class=\"part\" aria-labelledby=\"part-required\">\n<h2 id=\"part-required\">").Append(Encode(_t["section.required"])).Append("</h2>\n");
            Radios("reporterRole", ReportSchema.ReporterRoles, required: true);
            Select("state", StateChoices(), required: true, mark: Mark.Required);
            PlanSearch();
            Text("insurer", required: true, mark: Mark.Required, attributes: " autocomplete=\"off\" spellcheck=\"false\"");
            Text("plan", mark: Mark.Optional, attributes: " autocomplete=\"off\" spellcheck=\"false\"");
            Month("serviceMonth");
            Radios("setting", ReportSchema.Settings, required: true);
            Radios("outcome", ReportSchema.Outcomes, required: true);
            _html.Append("</section>\n");

            _html.Append("<section class=\"part more\" aria-labelledby=\"part-more\">\n<h2 id=\"part-more\">").Append(Encode(_t["section.more"])).Append("</h2>\n")
                .Append("<p class=\"hint\">").Append(Encode(_t["section.more.hint"])).Append("</p>\n");
            Select("planType", Choices("planType", ReportSchema.PlanTypes));
            Select("funding", Choices("funding", ReportSchema.Fundings));
            Text("employer", attributes: " autocomplete=\"organization\"");
            Select("providerCredential", Choices("providerCredential", ReportSchema.ProviderCredentials));
            Select("networkStatus", Choices("networkStatus", ReportSchema.NetworkStatuses));
            Select("priorAuthorizationRequired", Choices("priorAuthorizationRequired", ReportSchema.YesNoUnknown));
            Select("toldCoveredBeforehand", Choices("toldCoveredBeforehand", ReportSchema.YesNoUnknown));
            Select("denialReason", Choices("denialReason", ReportSchema.DenialReasons));
            Text("outOfPocketUsd", attributes: " inputmode=\"decimal\" autocomplete=\"off\"");
            Checkboxes("advocacyActions", ReportSchema.AdvocacyActions);
            TextArea("narrative");
            Consent();
            Text("contactEmail", type: "email", attributes: " autocomplete=\"email\" spellcheck=\"false\"");
            _html.Append("</section>\n");

            Honeypot();

            _html.Append("<section class=\"part privacy\" aria-labelledby=\"part-privacy\">\n<h2 id=\"part-privacy\">").Append(Encode(_t["privacy.title"])).Append("</h2>\n")
                .Append("<p>").Append(Encode(_t["privacy.text"])).Append("</p>\n")
                .Append("<p class=\"small\">").Append(Encode(_t["draft.note"])).Append("</p>\n</section>\n");

            _html.Append("<div class=\"actions\"><button type=\"submit\" id=\"send\">").Append(Encode(_t["submit"])).Append("</button>")
                .Append("<p id=\"form-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p></div>\n</form>\n");

            _html.Append("<section class=\"thanks\" id=\"thanks\" aria-labelledby=\"thanks-heading\" tabindex=\"-1\" hidden>\n<h2 id=\"thanks-heading\">").Append(Encode(_t["thanks.title"])).Append("</h2>\n")
                .Append("<p>").Append(Encode(_t["thanks.text"])).Append("</p>\n")
                .Append(WithdrawalCodeBlock(_t, language, code: null))
                .Append("<p><a href=\"").Append(Encode(FormUrl(language))).Append("\">").Append(Encode(_t["thanks.another"])).Append("</a></p>\n</section>\n");

            ScriptData();
            _html.Append("</main>\n");
            // A personal link's form switches language on its own address, so the link is not lost.
            return Document(language, (errors.Count > 0 ? _t["error.prefix"] + " " : string.Empty) + title, _html.ToString(), script: true,
                page: action == ReportsPath ? Path : action);
        }

        private enum Mark
        {
            None,
            Required,
            Optional,
        }

        private static string Id(string field) => "f-" + field;

        /// <summary>The element a link to the field moves to: its control, or its first choice.</summary>
        private static string FocusId(string field) => field switch
        {
            "reporterRole" => Id(field) + "-" + ReportSchema.ReporterRoles[0],
            "setting" => Id(field) + "-" + ReportSchema.Settings[0],
            "outcome" => Id(field) + "-" + ReportSchema.Outcomes[0],
            "advocacyActions" => Id(field) + "-" + ReportSchema.AdvocacyActions[0],
            _ => Id(field),
        };

        private static bool OnPage(string field) => field != "submissionId" && field != "language" && ReportSchema.FieldNames.Contains(field);

        private string SubmissionId()
        {
            var given = values.Get("submissionId")?.Trim();
            return given is not null && Guid.TryParseExact(given, "D", out _) ? given : Guid.NewGuid().ToString("D");
        }

        private void ErrorSummary()
        {
            if (errors.Count == 0)
            {
                return;
            }

            _html.Append("<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\" autofocus>\n")
                .Append("<h2 id=\"error-summary-title\">").Append(Encode(_t["errorSummary.title"])).Append("</h2>\n<ul>\n");

            // In the order the fields appear, then anything that is not a field of the page.
            var order = ReportSchema.FieldNames.ToList();
            foreach (var (field, messages) in errors.OrderBy(e => order.IndexOf(e.Key) is var i && i < 0 ? int.MaxValue : i))
            {
                foreach (var message in messages)
                {
                    _html.Append("<li>");
                    if (OnPage(field))
                    {
                        _html.Append("<a href=\"#").Append(FocusId(field)).Append("\">").Append(Encode(message)).Append("</a>");
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

        private string Label(string field, Mark mark)
        {
            var label = Encode(_t[field + ".label"]);
            return mark switch
            {
                Mark.Required => label + " <span class=\"mark\">(" + Encode(_t["required"]) + ")</span>",
                Mark.Optional => label + " <span class=\"mark\">(" + Encode(_t["optional"]) + ")</span>",
                _ => label,
            };
        }

        /// <summary>The hint and error paragraphs of a field, and the ids they give <c>aria-describedby</c>.</summary>
        private string HintAndError(string field, out string describedBy)
        {
            var ids = new List<string>();
            var html = new StringBuilder();
            if (_t.TryGetValue(field + ".hint", out var hint))
            {
                ids.Add(Id(field) + "-hint");
                html.Append("<p class=\"hint\" id=\"").Append(Id(field)).Append("-hint\">").Append(Encode(hint)).Append("</p>\n");
            }

            if (errors.TryGetValue(field, out var messages))
            {
                ids.Add(Id(field) + "-error");
                html.Append("<p class=\"error-message\" id=\"").Append(Id(field)).Append("-error\"><strong class=\"error-prefix\">")
                    .Append(Encode(_t["error.prefix"])).Append("</strong> ").Append(Encode(string.Join(" ", messages))).Append("</p>\n");
            }

            describedBy = ids.Count == 0 ? string.Empty : " aria-describedby=\"" + string.Join(' ', ids) + "\"";
            return html.ToString();
        }

        private string Invalid(string field) => errors.ContainsKey(field) ? " aria-invalid=\"true\"" : string.Empty;

        private string Open(string field) => "<div class=\"field" + (errors.ContainsKey(field) ? " has-error" : string.Empty) + "\" data-field=\"" + field + "\" data-focus=\"" + FocusId(field) + "\">\n";

        private void Text(string field, bool required = false, Mark mark = Mark.None, string type = "text", string attributes = "")
        {
            var more = HintAndError(field, out var describedBy);
            _html.Append(Open(field))
                .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, mark)).Append("</label>\n").Append(more)
                .Append("<input type=\"").Append(type).Append("\" id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" value=\"")
                .Append(Encode(values.Get(field))).Append('"').Append(required ? " required" : string.Empty)
                .Append(describedBy).Append(Invalid(field)).Append(attributes).Append(">\n</div>\n");
        }

        private void Month(string field)
        {
            // A value that is not YYYY-MM would be dropped by a month input; shown as text, it is kept.
            var value = values.Get(field);
            var type = string.IsNullOrEmpty(value) || IsMonth(value) ? "month" : "text";
            Text(field, required: true, mark: Mark.Required, type: type, attributes: " min=\"2010-01\" placeholder=\"YYYY-MM\" autocomplete=\"off\"");
        }

        private static bool IsMonth(string value)
            => value.Length == 7 && value[4] == '-' && value.Where((c, i) => i != 4).All(char.IsAsciiDigit);

        private void TextArea(string field)
        {
            var more = HintAndError(field, out var describedBy);
            _html.Append(Open(field))
                .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, Mark.None)).Append("</label>\n").Append(more)
                // The newline after the tag keeps a typed leading newline: the parser drops the first one.
                .Append("<textarea id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" rows=\"6\"")
                .Append(describedBy).Append(Invalid(field)).Append(">\n").Append(Encode(values.Get(field))).Append("</textarea>\n</div>\n");
        }

        private void Select(string field, IReadOnlyList<(string Value, string Label)> choices, bool required = false, Mark mark = Mark.None)
        {
            var more = HintAndError(field, out var describedBy);
            var current = values.Get(field)?.Trim();
            _html.Append(Open(field))
                .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, mark)).Append("</label>\n").Append(more)
                .Append("<select id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append('"').Append(required ? " required" : string.Empty)
                .Append(describedBy).Append(Invalid(field)).Append(">\n")
                .Append("<option value=\"\">").Append(Encode(required ? _t["choose"] : _t["notAnswered"])).Append("</option>\n");
            var matched = false;
            foreach (var (value, label) in choices)
            {
                var selected = !matched && string.Equals(value, current, StringComparison.OrdinalIgnoreCase);
                matched |= selected;
                _html.Append("<option value=\"").Append(Encode(value)).Append('"').Append(selected ? " selected" : string.Empty).Append('>')
                    .Append(Encode(label)).Append("</option>\n");
            }

            if (!matched && !string.IsNullOrEmpty(current))
            {
                // Whatever was sent stays visible and selected, so it can be seen and changed.
                _html.Append("<option value=\"").Append(Encode(current)).Append("\" selected>").Append(Encode(current)).Append("</option>\n");
            }

            _html.Append("</select>\n</div>\n");
        }

        private void Radios(string field, IReadOnlyList<string> choices, bool required) => Group(field, choices, "radio", required ? Mark.Required : Mark.None, required);

        private void Checkboxes(string field, IReadOnlyList<string> choices) => Group(field, choices, "checkbox", Mark.None, required: false);

        private void Group(string field, IReadOnlyList<string> choices, string type, Mark mark, bool required)
        {
            var more = HintAndError(field, out var describedBy);
            var chosen = values.GetAll(field).Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            _html.Append(Open(field)).Append("<fieldset id=\"").Append(Id(field)).Append('"').Append(describedBy).Append(">\n<legend>")
                .Append(Label(field, mark)).Append("</legend>\n").Append(more).Append("<div class=\"choices\">\n");
            foreach (var choice in choices)
            {
                var id = Id(field) + "-" + choice;
                _html.Append("<div class=\"choice\"><input type=\"").Append(type).Append("\" id=\"").Append(id).Append("\" name=\"").Append(field)
                    .Append("\" value=\"").Append(choice).Append('"').Append(chosen.Contains(choice) ? " checked" : string.Empty)
                    .Append(required ? " required" : string.Empty).Append(Invalid(field)).Append('>')
                    .Append("<label for=\"").Append(id).Append("\">").Append(Encode(_t[field + "." + choice])).Append("</label></div>\n");
            }

            _html.Append("</div>\n</fieldset>\n</div>\n");
        }

        private void Consent()
        {
            const string field = "consentToQuote";
            var more = HintAndError(field, out var describedBy);
            var given = values.Get(field)?.Trim();
            var isChecked = given is "true" or "on" or "yes";
            _html.Append(Open(field)).Append(more)
                .Append("<div class=\"choice\"><input type=\"checkbox\" id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" value=\"true\"")
                .Append(isChecked ? " checked" : string.Empty).Append(describedBy).Append(Invalid(field)).Append('>')
                .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Encode(_t[field + ".label"])).Append("</label></div>\n</div>\n");
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

        private List<(string Value, string Label)> Choices(string field, IReadOnlyList<string> choices)
            => choices.Select(c => (c, _t[field + "." + c])).ToList();

        private List<(string Value, string Label)> StateChoices()
        {
            var compare = StringComparer.Create(CultureInfo.GetCultureInfo(language), ignoreCase: true);
            return ReportSchema.StateCodes.Select(code => (code, Label: _t["state." + code] + " (" + code + ")"))
                .OrderBy(s => s.Label, compare)
                .ToList();
        }

        /// <summary>What the script needs, as data (not executed, so the policy allows it): the fields, the error kinds and the texts.</summary>
        private void ScriptData()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("language", language);
                json.WriteString("plans", "/api/plans");
                json.WriteStartArray("fields");
                foreach (var field in ReportSchema.FieldNames)
                {
                    json.WriteStringValue(field);
                }

                json.WriteEndArray();
                json.WriteStartArray("kinds");
                foreach (var (prefix, kind) in FormErrors.Kinds)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(prefix);
                    json.WriteStringValue(kind);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteStartObject("texts");
                foreach (var (key, text) in _t.Where(p => p.Key.StartsWith("error.", StringComparison.Ordinal) || p.Key.StartsWith("draft.", StringComparison.Ordinal)
                                                        || p.Key is "sending" or "submit" or "errorSummary.title").OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, text);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            // The default encoder writes <, >, & and non-ASCII as \u escapes: nothing here can close the element.
            _html.Append("<script type=\"application/json\" id=\"form-data\">").Append(Encoding.UTF8.GetString(buffer.ToArray())).Append("</script>\n");
        }
    }
}
