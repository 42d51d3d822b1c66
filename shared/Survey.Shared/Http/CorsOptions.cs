using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Http;

/// <summary>
/// The browser origins allowed to call the API (section <c>Survey:Cors</c>), e.g. the form's site. In Azure the
/// platform's CORS answers (infra: <c>formOrigins</c>, which also sets these settings); the local runner answers
/// from this list.
/// </summary>
public sealed class CorsOptions : IValidatableObject
{
    public const string SectionName = "Survey:Cors";

    /// <summary>Exact origins (<c>https://form.example.org</c>): scheme and host, no path, no trailing slash, no wildcard.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!IsExactOrigin(origin))
            {
                yield return new ValidationResult(
                    $"Survey:Cors:AllowedOrigins has '{origin}': list exact origins such as https://form.example.org (scheme and host, no path, no trailing slash, no wildcard).",
                    [nameof(AllowedOrigins)]);
            }
        }
    }

    /// <summary>True for <c>scheme://host[:port]</c> exactly as a browser sends it in <c>Origin</c>.</summary>
    public static bool IsExactOrigin(string? origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
           && uri.Scheme is "http" or "https"
           && !origin.Contains('*', StringComparison.Ordinal)
           && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);
}
