using System.Collections.Immutable;
using Microsoft.Net.Http.Headers;
using Survey.Shared.Reports;

namespace Survey.Shared.Forms;

/// <summary>The languages the report form speaks (report schema v1 <c>language</c>), and how one is chosen.</summary>
public static class FormLanguages
{
    public const string Default = "en";

    /// <summary>en, es, pt: the schema's languages, in the order the switcher lists them.</summary>
    public static ImmutableArray<string> All => ReportSchema.Languages;

    public static bool IsSupported(string? language) => language is not null && All.Contains(language);

    /// <summary>
    /// <c>?lang=</c> when it names a supported language, then the first supported language of
    /// <c>Accept-Language</c> by quality (a region such as <c>pt-BR</c> counts as its language), then English.
    /// </summary>
    public static string Choose(string? query, string? acceptLanguage)
    {
        var asked = query?.Trim().ToLowerInvariant();
        if (IsSupported(asked))
        {
            return asked!;
        }

        if (!string.IsNullOrWhiteSpace(acceptLanguage)
            && StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var ranges))
        {
            // OrderByDescending is stable: equal qualities keep the order the browser sent.
            foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
            {
                var tag = range.Value.Value ?? string.Empty;
                var primary = tag.Split('-')[0].ToLowerInvariant();
                if (IsSupported(primary))
                {
                    return primary;
                }
            }
        }

        return Default;
    }
}
