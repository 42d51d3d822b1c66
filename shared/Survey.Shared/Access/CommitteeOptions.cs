using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Access;

/// <summary>Committee sign-in (section <c>Survey:Committee</c>).</summary>
public sealed class CommitteeOptions
{
    public const string SectionName = "Survey:Committee";

    /// <summary>How long a browser session lasts after signing in (the cookie's and the stored session's expiry).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Survey:Committee:SessionLifetime must be between 00:05:00 and 7.00:00:00.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
