using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Survey.Shared.Plans;

/// <summary>
/// Derives the key a report is counted under from the insurer and plan names as typed.
/// Keys are stable, contain only <c>[a-z0-9-]</c> (safe as table keys and in URLs) and distinct
/// normalised names get distinct keys (a 40-bit hash of the normalised names is part of the key).
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
        var decomposed = name.Normalize(NormalizationForm.FormKD);
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

    /// <summary>The plan key for an insurer and an optional plan name.</summary>
    public static string Derive(string insurer, string? plan)
    {
        var normalizedInsurer = Normalize(insurer);
        var normalizedPlan = string.IsNullOrWhiteSpace(plan) ? string.Empty : Normalize(plan);

        var slug = Slug(normalizedInsurer);
        var planSlug = Slug(normalizedPlan);
        if (planSlug.Length > 0)
        {
            slug = slug.Length > 0 ? $"{slug}--{planSlug}" : planSlug;
        }

        if (slug.Length > MaxSlugLength)
        {
            slug = slug[..MaxSlugLength].TrimEnd('-');
        }

        // U+001F cannot occur in a normalised name, so (insurer, plan) pairs never run together.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{normalizedInsurer}\u001f{normalizedPlan}"));
        var hash = Convert.ToHexStringLower(digest.AsSpan(0, 5));
        return slug.Length > 0 ? $"{slug}-{hash}" : $"plan-{hash}";
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
