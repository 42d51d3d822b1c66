using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Survey.Shared.Catalogue;
using Survey.Shared.Text;

namespace Survey.Shared.Plans;

/// <summary>
/// Plan keys: catalogue plans have the stable keys of the catalogue file; names the catalogue does not
/// know get a derived "unverified" key. Keys contain only <c>[a-z0-9-]</c> (safe as table keys and in
/// URLs), and distinct normalised names get distinct keys (a 40-bit hash of the name is part of it).
/// </summary>
public static class PlanKeys
{
    private const int MaxSlugLength = 80;

    /// <summary>
    /// The matching form of a name: compatibility-decomposed, accents dropped, lower case, and every
    /// run of characters that are not letters or digits folded to one space. "Blue Cross/Blue Shield"
    /// and "blue cross  blue shield." normalise alike. A name with no letters or digits at all (only
    /// emoji, say) keeps its trimmed text so that it still has an identity of its own.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Normalize throws on unpaired surrogates; they cannot reach here through the validator, but keys stay total.
        var decomposed = UnicodeText.WellFormed(name).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.Length > 0 ? builder.ToString() : name.Trim().ToLowerInvariant();
    }

    /// <summary>The prefix of keys for names the catalogue does not know.</summary>
    public const string UnverifiedPrefix = "unverified-";

    /// <summary>
    /// The key of the "unverified" plan that collects reports whose insurer and plan the catalogue does
    /// not know: one per name as the catalogue compares names (<see cref="MatchText"/>), so spellings that
    /// differ only in case, accents, punctuation or abbreviations share it.
    /// </summary>
    public static string Unverified(string insurer, string? plan)
    {
        var match = MatchText.Key(insurer, plan);

        // A name of emoji only has no words: its own text keeps it apart from other such names.
        var identity = match.Length > 0 ? match : $"{insurer.Trim()}\u001f{plan?.Trim()}";

        // The readable part is the compared form too ("allways" for "All Ways"), so equal names give equal keys.
        var slug = Slug(match);
        if (slug.Length > MaxSlugLength)
        {
            slug = slug[..MaxSlugLength].TrimEnd('-');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 5));
        return slug.Length > 0 ? $"{UnverifiedPrefix}{slug}-{hash}" : $"{UnverifiedPrefix}{hash}";
    }

    /// <summary>True when <paramref name="key"/> has the shape of a derived key (used to reject junk in routes early).</summary>
    public static bool IsWellFormed(string? key)
        => !string.IsNullOrEmpty(key) && key.Length <= 200 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string Slug(string normalized)
    {
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                // Spaces and letters outside ASCII become separators; the hash keeps them distinct.
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }
}
