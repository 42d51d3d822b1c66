using System.Globalization;
using System.Net.Mail;
using System.Text.Json;

namespace Survey.Shared.Reports;

/// <summary>The rules of the kinds of answer that are more than text or one choice: ids, months, amounts, sets, yes/no and e-mail.</summary>
internal static class AnswerRules
{
    private const int FirstServiceYear = 2010;

    public static Guid? SubmissionId(JsonFields fields, string name)
    {
        var text = fields.Text(name, int.MaxValue);
        if (text.Value is null)
        {
            return null;
        }

        // "D" is exactly the 8-4-4-4-12 form: no braces, no bare 32 hex digits.
        if (Guid.TryParseExact(text.Value, "D", out var id))
        {
            return id;
        }

        fields.Error(name, "Must be a UUID like 01234567-89ab-cdef-0123-456789abcdef.");
        return null;
    }

    public static string? Month(JsonFields fields, string name, bool required, TimeProvider timeProvider)
    {
        var text = fields.Text(name, int.MaxValue, required).Value;
        if (text is null)
        {
            return null;
        }

        if (!TryParseMonth(text, out var year, out var month))
        {
            fields.Error(name, "Must be a month in the form YYYY-MM.");
            return null;
        }

        if (year < FirstServiceYear)
        {
            fields.Error(name, $"Must be {FirstServiceYear}-01 or later.");
            return null;
        }

        // The current month in UTC counts as the present, whatever the reporter's time zone.
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if ((year * 12) + month > (now.Year * 12) + now.Month)
        {
            fields.Error(name, "Must not be in the future.");
            return null;
        }

        return text;
    }

    public static decimal? Amount(JsonFields fields, string name, decimal max)
    {
        if (!fields.TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            fields.Error(name, "Must be a number.");
            return null;
        }

        if (!element.TryGetDecimal(out var amount) || amount < 0 || amount > max)
        {
            fields.Error(name, string.Create(CultureInfo.InvariantCulture, $"Must be between 0 and {max}."));
            return null;
        }

        // Judged on the JSON text, because decimal parsing rounds: 1e-30 would otherwise pass as 0.
        if (DecimalPlaces(element.GetRawText()) > 2)
        {
            fields.Error(name, "Must have at most 2 decimal places.");
            return null;
        }

        // 12.500 has two decimals in value; store it as 12.50.
        return decimal.Round(amount, 2);
    }

    /// <summary>A set of choices, in the options' order; absent is the empty set.</summary>
    public static string[] Choices(JsonFields fields, Question question, ChoiceValues choices)
    {
        var name = question.Key;
        if (!fields.TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            fields.Error(name, "Must be an array of strings.");
            return [];
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                fields.Error(name, "Must be an array of strings.");
                continue;
            }

            if (!JsonFields.TryGetString(item, out var text) || !choices.TryGetCanonical(text.Trim(), out var value))
            {
                fields.Error(name, $"Must contain only: {choices.List}.");
                continue;
            }

            chosen.Add(value);
        }

        // A set: duplicates collapse, and the schema's order makes equal sets look equal.
        return [.. question.Options.Where(chosen.Contains)];
    }

    public static bool? YesNo(JsonFields fields, string name)
    {
        if (!fields.TryGet(name, out var element))
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                fields.Error(name, "Must be true or false.");
                return null;
        }
    }

    public static string? Email(JsonFields fields, string name, int maxLength)
    {
        var email = fields.Text(name, maxLength).Value;
        if (email is null)
        {
            return null;
        }

        if (!IsPlausibleEmail(email))
        {
            fields.Error(name, "Must be a single e-mail address like name@example.org.");
            return null;
        }

        return email;
    }

    private static bool TryParseMonth(string text, out int year, out int month)
    {
        year = 0;
        month = 0;
        if (text.Length != 7 || text[4] != '-')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            // char.IsAsciiDigit, not char.IsDigit: other scripts' digits are not YYYY-MM.
            if (i != 4 && !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        month = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12;
    }

    /// <summary>How many decimal places the value of a JSON number token needs (trailing zeros don't count).</summary>
    private static long DecimalPlaces(string number)
    {
        long fractionLength = 0;
        long trailingZeros = 0;
        var inFraction = false;
        var i = number.StartsWith('-') ? 1 : 0;
        for (; i < number.Length && number[i] is not ('e' or 'E'); i++)
        {
            if (number[i] == '.')
            {
                inFraction = true;
                continue;
            }

            fractionLength += inFraction ? 1 : 0;
            trailingZeros = number[i] == '0' ? trailingZeros + 1 : 0;
        }

        long exponent = 0;
        if (i < number.Length)
        {
            var negative = number[++i] == '-';
            if (number[i] is '-' or '+')
            {
                i++;
            }

            // Capped: an exponent this large means out of range or too many decimals either way.
            for (; i < number.Length; i++)
            {
                exponent = Math.Min((exponent * 10) + (number[i] - '0'), 1_000_000);
            }

            exponent = negative ? -exponent : exponent;
        }

        // Zero (however written) has no decimals; otherwise trailing zeros of the digits are not significant.
        return IsZero(number) ? 0 : Math.Max(0, fractionLength - exponent - trailingZeros);

        static bool IsZero(string number)
        {
            foreach (var c in number)
            {
                if (c is 'e' or 'E')
                {
                    return true;
                }

                if (c is >= '1' and <= '9')
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static bool IsPlausibleEmail(string email)
    {
        // MailAddress accepts display names, lists' first entries and folded spaces; requiring the parsed
        // address to equal the input rules those out, and a dotted domain rules out "name@localhost".
        if (email.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(email, out var address)
            || !string.Equals(address.Address, email, StringComparison.Ordinal))
        {
            return false;
        }

        var host = address.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !host.EndsWith('.');
    }
}
