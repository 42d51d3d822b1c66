using System.Collections.Frozen;

namespace Survey.Shared.Plans;

/// <summary>
/// The form in which typed insurer and plan names are compared with the catalogue: case, accents,
/// punctuation and spacing are ignored, filler words dropped and common abbreviations expanded, and the
/// words are joined without spaces, so "AllWays" matches "All Ways" and "Blue Cross/BlueShield" matches
/// "blue cross blue shield".
/// </summary>
public static class MatchText
{
    private static readonly FrozenSet<string> Fillers = FrozenSet.ToFrozenSet(
        ["of", "the", "and", "inc", "incorporated", "llc", "co", "corp", "corporation", "company"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Abbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bcbs"] = "blue cross blue shield",
        ["bcbsma"] = "blue cross blue shield massachusetts",
        ["ma"] = "massachusetts",
        ["mass"] = "massachusetts",
        ["hphc"] = "harvard pilgrim health care",
        ["mgb"] = "mass general brigham",
        ["uhc"] = "unitedhealthcare",
        ["hne"] = "health new england",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The words of a name after normalisation, fillers dropped and abbreviations expanded.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = new List<string>();
        foreach (var word in PlanKeys.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Fillers.Contains(word))
            {
                continue;
            }

            // "mgb" expands to words that include "mass", which is not expanded again.
            words.AddRange(Abbreviations.TryGetValue(word, out var expansion) ? expansion.Split(' ') : [word]);
        }

        return words;
    }

    /// <summary>The comparison key of a name: its words joined without spaces (empty for a blank name).</summary>
    public static string Key(string? text) => string.Concat(Words(text));

    /// <summary>The comparison key of an insurer and a plan name typed together.</summary>
    public static string Key(string? insurer, string? plan) => Key(insurer) + Key(plan);
}
