using System.Globalization;
using System.Text;
using Survey.Shared.Reports;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Forms;

/// <summary>
/// Writes the form's field for a question, by its kind: a label with its hint and error, and the control with
/// what was typed. Each field links its hint and error with <c>aria-describedby</c>.
/// </summary>
internal sealed class FormFields(string language, IReadOnlyDictionary<string, string> t, FormValues values, IReadOnlyDictionary<string, string[]> errors, StringBuilder html)
{
    private enum Mark
    {
        None,
        Required,
        Optional,
    }

    public static string Id(string field) => "f-" + field;

    /// <summary>The element a link to the field moves to: its control, or its first choice.</summary>
    public static string FocusId(Question question) => question.Kind switch
    {
        QuestionKind.Choice when question.Style == ChoiceStyle.Radios => Id(question.Key) + "-" + question.Options[0],
        QuestionKind.Choices => Id(question.Key) + "-" + question.Options[0],
        _ => Id(question.Key),
    };

    /// <summary>Writes the question's field.</summary>
    public void Write(Question question)
    {
        // The visit's questions say whether they are required; the optional section says it once, in its title.
        var mark = question.Section != FormSection.Visit ? Mark.None : question.Required ? Mark.Required : Mark.Optional;
        switch (question.Kind)
        {
            case QuestionKind.Choice when question.Style == ChoiceStyle.Radios:
                Group(question, "radio", mark, question.Required);
                break;
            case QuestionKind.Choice:
                Select(question, question.Style == ChoiceStyle.SortedSelect ? SortedChoices(question) : Choices(question), mark);
                break;
            case QuestionKind.Choices:
                Group(question, "checkbox", Mark.None, required: false);
                break;
            case QuestionKind.Text:
            case QuestionKind.Amount:
                Text(question, mark, "text", question.InputAttributes);
                break;
            case QuestionKind.Email:
                Text(question, mark, "email", question.InputAttributes);
                break;
            case QuestionKind.Month:
                Month(question, mark);
                break;
            case QuestionKind.LongText:
                TextArea(question);
                break;
            case QuestionKind.YesNo:
                Consent(question);
                break;
            default:
                throw new InvalidOperationException($"Question '{question.Key}' of kind {question.Kind} has no form field.");
        }
    }

    private string Label(string field, Mark mark)
    {
        var label = Encode(t[field + ".label"]);
        return mark switch
        {
            Mark.Required => label + " <span class=\"mark\">(" + Encode(t["required"]) + ")</span>",
            Mark.Optional => label + " <span class=\"mark\">(" + Encode(t["optional"]) + ")</span>",
            _ => label,
        };
    }

    /// <summary>The hint and error paragraphs of a field, and the ids they give <c>aria-describedby</c>.</summary>
    private string HintAndError(string field, out string describedBy)
    {
        var ids = new List<string>();
        var more = new StringBuilder();
        if (t.TryGetValue(field + ".hint", out var hint))
        {
            ids.Add(Id(field) + "-hint");
            more.Append("<p class=\"hint\" id=\"").Append(Id(field)).Append("-hint\">").Append(Encode(hint)).Append("</p>\n");
        }

        if (errors.TryGetValue(field, out var messages))
        {
            ids.Add(Id(field) + "-error");
            more.Append("<p class=\"error-message\" id=\"").Append(Id(field)).Append("-error\"><strong class=\"error-prefix\">")
                .Append(Encode(t["error.prefix"])).Append("</strong> ").Append(Encode(string.Join(" ", messages))).Append("</p>\n");
        }

        describedBy = ids.Count == 0 ? string.Empty : " aria-describedby=\"" + string.Join(' ', ids) + "\"";
        return more.ToString();
    }

    private string Invalid(string field) => errors.ContainsKey(field) ? " aria-invalid=\"true\"" : string.Empty;

    private string Open(Question question)
        => "<div class=\"field" + (errors.ContainsKey(question.Key) ? " has-error" : string.Empty) + "\" data-field=\"" + question.Key + "\" data-focus=\"" + FocusId(question) + "\">\n";

    private void Text(Question question, Mark mark, string type, string attributes)
    {
        var field = question.Key;
        var more = HintAndError(field, out var describedBy);
        html.Append(Open(question))
            .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, mark)).Append("</label>\n").Append(more)
            .Append("<input type=\"").Append(type).Append("\" id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" value=\"")
            .Append(Encode(values.Get(field))).Append('"').Append(question.Required ? " required" : string.Empty)
            .Append(describedBy).Append(Invalid(field)).Append(attributes).Append(">\n</div>\n");
    }

    private void Month(Question question, Mark mark)
    {
        // A value that is not YYYY-MM would be dropped by a month input; shown as text, it is kept.
        var value = values.Get(question.Key);
        var type = string.IsNullOrEmpty(value) || IsMonth(value) ? "month" : "text";
        Text(question, mark, type, " min=\"2010-01\" placeholder=\"YYYY-MM\" autocomplete=\"off\"");
    }

    private static bool IsMonth(string value)
        => value.Length == 7 && value[4] == '-' && value.Where((c, i) => i != 4).All(char.IsAsciiDigit);

    private void TextArea(Question question)
    {
        var field = question.Key;
        var more = HintAndError(field, out var describedBy);
        html.Append(Open(question))
            .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, Mark.None)).Append("</label>\n").Append(more)
            // The newline after the tag keeps a typed leading newline: the parser drops the first one.
            .Append("<textarea id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" rows=\"6\"")
            .Append(describedBy).Append(Invalid(field)).Append(">\n").Append(Encode(values.Get(field))).Append("</textarea>\n</div>\n");
    }

    private void Select(Question question, IReadOnlyList<(string Value, string Label)> choices, Mark mark)
    {
        var field = question.Key;
        var required = question.Required;
        var more = HintAndError(field, out var describedBy);
        var current = values.Get(field)?.Trim();
        html.Append(Open(question))
            .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Label(field, mark)).Append("</label>\n").Append(more)
            .Append("<select id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append('"').Append(required ? " required" : string.Empty)
            .Append(describedBy).Append(Invalid(field)).Append(">\n")
            .Append("<option value=\"\">").Append(Encode(required ? t["choose"] : t["notAnswered"])).Append("</option>\n");
        var matched = false;
        foreach (var (value, label) in choices)
        {
            var selected = !matched && string.Equals(value, current, StringComparison.OrdinalIgnoreCase);
            matched |= selected;
            html.Append("<option value=\"").Append(Encode(value)).Append('"').Append(selected ? " selected" : string.Empty).Append('>')
                .Append(Encode(label)).Append("</option>\n");
        }

        if (!matched && !string.IsNullOrEmpty(current))
        {
            // Whatever was sent stays visible and selected, so it can be seen and changed.
            html.Append("<option value=\"").Append(Encode(current)).Append("\" selected>").Append(Encode(current)).Append("</option>\n");
        }

        html.Append("</select>\n</div>\n");
    }

    private void Group(Question question, string type, Mark mark, bool required)
    {
        var field = question.Key;
        var more = HintAndError(field, out var describedBy);
        var chosen = values.GetAll(field).Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        html.Append(Open(question)).Append("<fieldset id=\"").Append(Id(field)).Append('"').Append(describedBy).Append(">\n<legend>")
            .Append(Label(field, mark)).Append("</legend>\n").Append(more).Append("<div class=\"choices\">\n");
        foreach (var choice in question.Options)
        {
            var id = Id(field) + "-" + choice;
            html.Append("<div class=\"choice\"><input type=\"").Append(type).Append("\" id=\"").Append(id).Append("\" name=\"").Append(field)
                .Append("\" value=\"").Append(choice).Append('"').Append(chosen.Contains(choice) ? " checked" : string.Empty)
                .Append(required ? " required" : string.Empty).Append(Invalid(field)).Append('>')
                .Append("<label for=\"").Append(id).Append("\">").Append(Encode(t[field + "." + choice])).Append("</label></div>\n");
        }

        html.Append("</div>\n</fieldset>\n</div>\n");
    }

    private void Consent(Question question)
    {
        var field = question.Key;
        var more = HintAndError(field, out var describedBy);
        var given = values.Get(field)?.Trim();
        var isChecked = given is "true" or "on" or "yes";
        html.Append(Open(question)).Append(more)
            .Append("<div class=\"choice\"><input type=\"checkbox\" id=\"").Append(Id(field)).Append("\" name=\"").Append(field).Append("\" value=\"true\"")
            .Append(isChecked ? " checked" : string.Empty).Append(describedBy).Append(Invalid(field)).Append('>')
            .Append("<label for=\"").Append(Id(field)).Append("\">").Append(Encode(t[field + ".label"])).Append("</label></div>\n</div>\n");
    }

    private List<(string Value, string Label)> Choices(Question question)
        => question.Options.Select(c => (c, t[question.Key + "." + c])).ToList();

    private List<(string Value, string Label)> SortedChoices(Question question)
    {
        var compare = StringComparer.Create(CultureInfo.GetCultureInfo(language), ignoreCase: true);
        return question.Options.Select(code => (code, Label: t[question.Key + "." + code] + " (" + code + ")"))
            .OrderBy(s => s.Label, compare)
            .ToList();
    }
}
