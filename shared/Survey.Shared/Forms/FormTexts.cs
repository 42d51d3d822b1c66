using System.Collections.Frozen;
using System.Globalization;
using Survey.Shared.Reports;

namespace Survey.Shared.Forms;

/// <summary>
/// Every word the report form shows, one dictionary per language (FormTexts.En.cs, .Es.cs, .Pt.cs), under the
/// same keys: labels (<c>{field}.label</c>), hints (<c>{field}.hint</c>), choices (<c>{field}.{value}</c>),
/// states (<c>state.MA</c>), page texts and error messages (<c>error.{kind}</c>, <c>error.required.{field}</c>).
/// </summary>
public static partial class FormTexts
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> ByLanguage =
        new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["en"] = En().ToFrozenDictionary(StringComparer.Ordinal),
            ["es"] = Es().ToFrozenDictionary(StringComparer.Ordinal),
            ["pt"] = Pt().ToFrozenDictionary(StringComparer.Ordinal),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The texts of <paramref name="language"/> (English for an unsupported one).</summary>
    public static IReadOnlyDictionary<string, string> For(string language)
        => ByLanguage.TryGetValue(language, out var texts) ? texts : ByLanguage[FormLanguages.Default];

    /// <summary>
    /// The texts of <paramref name="language"/> with the questionnaire's own: the translations hold the default
    /// questions' words, and a question may bring its words in every language (<see cref="Question.Texts"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(string language, Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var texts = For(language);
        var own = questionnaire.Where(q => q.Texts.ContainsKey(language)).SelectMany(q => q.Texts[language]).ToList();
        if (own.Count == 0)
        {
            return texts;
        }

        var merged = new Dictionary<string, string>(texts, StringComparer.Ordinal);
        foreach (var (key, text) in own)
        {
            merged[key] = text;
        }

        return merged;
    }

    /// <summary>One text; a missing key is a bug (a test checks every key in every language), so it throws.</summary>
    public static string Get(string language, string key)
        => For(language).TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No form text '{key}' in '{language}'.");

    /// <summary>One text with <c>{name}</c> placeholders filled in.</summary>
    public static string Format(string language, string key, params (string Name, object Value)[] values)
    {
        var text = Get(language, key);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }
}
