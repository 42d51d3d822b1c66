using System.Globalization;
using System.Text;
using System.Text.Json;
using Survey.Shared.Reports;
using Survey.Shared.Text;

namespace Survey.Shared.Forms;

/// <summary>
/// Maps the report form's fields to a schema v1 JSON object, for the one validator. Every field is named as in
/// the schema; a blank answer is no answer; <c>advocacyActions</c> may repeat (checkboxes); a field sent twice
/// otherwise is written twice, so the validator says it must appear once; an amount that reads as a number
/// ("$1,200", "85,50") becomes a JSON number, anything else stays text, so the validator says it must be a
/// number. Fields outside the schema (the honeypot, buttons) are not part of the report.
/// </summary>
public static class FormSubmission
{
    /// <summary>The honeypot: a field people never see or fill; a post that fills it is not a report.</summary>
    public const string HoneypotField = "website";

    /// <summary>True when the honeypot was filled in.</summary>
    public static bool FilledHoneypot(FormValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.GetAll(HoneypotField).Any(v => !string.IsNullOrWhiteSpace(v));
    }

    /// <summary>The JSON object (UTF-8) for the form's values: schema v1, or <paramref name="questionnaire"/>'s questions.</summary>
    public static byte[] ToJson(FormValues values, Questionnaire? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var question in questionnaire ?? Questionnaire.Default)
            {
                var name = question.Key;
                var answers = values.GetAll(name).Where(v => !string.IsNullOrWhiteSpace(v)).Select(UnicodeText.WellFormed).ToList();
                if (answers.Count == 0)
                {
                    continue;
                }

                if (question.Kind == QuestionKind.Choices)
                {
                    writer.WriteStartArray(name);
                    answers.ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    continue;
                }

                foreach (var answer in answers)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, question.Kind, answer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>An amount as typed, read forgivingly: "$1,200", "1.200,50", "85,50", "85.5"; null when it is not a number.</summary>
    public static decimal? ReadAmount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = new StringBuilder();
        foreach (var c in text.Trim())
        {
            if (!char.IsWhiteSpace(c))
            {
                s.Append(c);
            }
        }

        var compact = s.ToString();
        compact = compact.StartsWith("US$", StringComparison.OrdinalIgnoreCase) ? compact[3..] : compact.TrimStart('$');
        var negative = compact.StartsWith('-');
        var digits = negative ? compact[1..] : compact;
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || !digits.All(c => char.IsAsciiDigit(c) || c is '.' or ','))
        {
            return null;
        }

        var last = Math.Max(digits.LastIndexOf('.'), digits.LastIndexOf(','));
        string number;
        if (last < 0)
        {
            number = digits;
        }
        else
        {
            var after = digits.Length - last - 1;
            var separators = digits.Count(c => c is '.' or ',');
            var oneKind = digits.Count(c => c == digits[last]) == separators;

            // "1,200" and "1.200.000": grouping. "85,50", "85.5", "1.200,50": the last separator marks the cents.
            if (after == 3 && oneKind && digits[0] != '0')
            {
                number = digits.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
            }
            else
            {
                var whole = digits[..last].Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
                number = (whole.Length == 0 ? "0" : whole) + "." + digits[(last + 1)..];
            }
        }

        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? negative ? -amount : amount
            : null;
    }

    private static void WriteValue(Utf8JsonWriter writer, QuestionKind kind, string answer)
    {
        switch (kind)
        {
            case QuestionKind.YesNo when answer.Trim() is "true" or "on" or "yes":
                writer.WriteBooleanValue(true);
                break;
            case QuestionKind.YesNo when answer.Trim() is "false" or "off" or "no":
                writer.WriteBooleanValue(false);
                break;
            case QuestionKind.Amount when ReadAmount(answer) is { } amount:
                writer.WriteNumberValue(amount);
                break;
            default:
                writer.WriteStringValue(answer);
                break;
        }
    }
}
