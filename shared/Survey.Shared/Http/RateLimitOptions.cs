using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Http;

/// <summary>
/// Per-client limits on anonymous endpoints (section <c>Survey:RateLimits</c>): a fixed window per client
/// address (the one the Functions host saw), one budget for reads and a stricter one for writes (POST, PUT, PATCH, DELETE). Per process: with N
/// instances a client gets up to N times these (see docs/security.md).
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string SectionName = "Survey:RateLimits";

    /// <summary>Requests (other than writes) one client may make to anonymous endpoints per window.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Survey:RateLimits:PermitLimit must be between 1 and 10000000.")]
    public int PermitLimit { get; set; } = 300;

    /// <summary>Writes (a report, a form post) one client may make to anonymous endpoints per window.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Survey:RateLimits:PostPermitLimit must be between 1 and 10000000.")]
    public int PostPermitLimit { get; set; } = 30;

    /// <summary>The window both budgets refill after.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Survey:RateLimits:Window must be between 00:00:00.050 and 01:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PostPermitLimit > PermitLimit)
        {
            yield return new ValidationResult(
                "Survey:RateLimits:PostPermitLimit must not be larger than Survey:RateLimits:PermitLimit (writes get the stricter budget).",
                [nameof(PostPermitLimit)]);
        }
    }
}
