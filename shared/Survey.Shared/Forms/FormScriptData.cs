using System.Text;
using System.Text.Json;
using Survey.Shared.Reports;

namespace Survey.Shared.Forms;

/// <summary>
/// What form.js needs, as data (not executed, so the page's policy allows it): the language, the fields, the
/// validator's error kinds and the texts it shows.
/// </summary>
internal static class FormScriptData
{
    /// <summary>The <c>&lt;script type="application/json" id="form-data"&gt;</c> element.</summary>
    public static string Element(string language, Questionnaire questionnaire, IReadOnlyDictionary<string, string> texts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("language", language);
            json.WriteString("plans", "/api/plans");
            json.WriteStartArray("fields");
            foreach (var field in questionnaire.Keys)
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
            foreach (var (key, text) in texts.Where(p => p.Key.StartsWith("error.", StringComparison.Ordinal) || p.Key.StartsWith("draft.", StringComparison.Ordinal)
                                                      || p.Key is "sending" or "submit" or "errorSummary.title").OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, text);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        // The default encoder writes <, >, & and non-ASCII as \u escapes: nothing here can close the element.
        return "<script type=\"application/json\" id=\"form-data\">" + Encoding.UTF8.GetString(buffer.ToArray()) + "</script>\n";
    }
}
