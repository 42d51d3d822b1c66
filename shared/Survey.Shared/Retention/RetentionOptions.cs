using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Retention;

/// <summary>How long personal data is kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Survey:Retention";

    /// <summary>Contact e-mails are deleted this many days after their report was received.</summary>
    [Range(1, 3650, ErrorMessage = "Survey:Retention:ContactDays must be a whole number of days between 1 and 3650 (Survey__Retention__ContactDays).")]
    public int ContactDays { get; set; } = 180;
}
