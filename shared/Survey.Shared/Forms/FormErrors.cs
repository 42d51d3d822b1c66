using System.Text.RegularExpressions;

namespace Survey.Shared.Forms;

/// <summary>
/// Turns the validator's English messages into the form's words. Each message is classified by how it begins
/// (<see cref="Kinds"/>, the same table the page gives its script), and the kind's text is looked up for the
/// field (<c>error.{kind}.{field}</c>) or in general (<c>error.{kind}</c>); a number in the message (a length
/// limit) fills <c>{max}</c>. A message not in the table reads "Please check this answer."
/// </summary>
public static partial class FormErrors
{
    public const string Fallback = "invalid";

    /// <summary>How each validator message begins, and its kind, in the order they are tried.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Kinds { get; } =
    [
        new("Required.", "required"),
        new("Must be one of:", "choice"),
        new("Must contain only:", "choice"),
        new("Must be an array of strings.", "choice"),
        new("Must be true or false.", "choice"),
        new("Must be a month in the form", "month-format"),
        new("Must be 2010-01 or later.", "month-too-early"),
        new("Must not be in the future.", "month-future"),
        new("Must be at most", "too-long"),
        new("Must not contain control characters.", "control-chars"),
        new("Must be a number.", "number"),
        new("Must be between 0 and", "amount-range"),
        new("Must have at most 2 decimal places.", "decimals"),
        new("Only allowed when outcome is", "denial-only-when-denied"),
        new("Must be a single e-mail address", "email"),
        new("Must appear only once.", "once"),
    ];

    /// <summary>The kind of a validator message (<see cref="Fallback"/> when unknown).</summary>
    public static string Kind(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (prefix, kind) in Kinds)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return Fallback;
    }

    /// <summary>The message in <paramref name="language"/> for <paramref name="field"/>.</summary>
    public static string Translate(string language, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var texts = FormTexts.For(language);
        var kind = Kind(message);
        var text = texts.TryGetValue($"error.{kind}.{field}", out var specific) ? specific : texts[$"error.{kind}"];
        return text.Replace("{max}", FirstNumber().Match(message).Value, StringComparison.Ordinal);
    }

    /// <summary>Every field's messages in <paramref name="language"/>, without repeats.</summary>
    public static IReadOnlyDictionary<string, string[]> Translate(string language, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.ToDictionary(
            e => e.Key,
            e => e.Value.Select(m => Translate(language, e.Key, m)).Distinct(StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex FirstNumber();
}
