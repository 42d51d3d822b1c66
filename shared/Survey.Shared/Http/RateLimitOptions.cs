using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Http;

/// <summary>
/// Per-client limits on anonymous endpoints (section <c>Survey:RateLimits</c>): a fixed window per client
/// address, one budget for reads and a stricter one for writes (POST, PUT, PATCH, DELETE). Per process: with N
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

    /// <summary>Requests held when the budget is spent: always 0, a request over the limit is answered 429 at once.</summary>
    [Range(0, 0, ErrorMessage = "Survey:RateLimits:QueueLimit must be 0: a request over the limit is answered 429 at once, never held.")]
    public int QueueLimit { get; set; }

    /// <summary>
    /// Take the client address from the first hop of <c>X-Forwarded-For</c> (what the Azure front end sets; the
    /// worker behind the Functions host sees only the host's address). A client can send the header itself, so
    /// off the platform it only separates honest clients (docs/security.md).
    /// </summary>
    public bool UseForwardedFor { get; set; } = true;

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
