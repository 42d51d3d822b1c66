using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Stats;

/// <summary>How the public statistics (<c>GET /api/public/stats</c>) protect small counts, and when they are published.</summary>
public sealed class PublicStatsOptions : IValidatableObject
{
    public const string SectionName = "Survey:Public";

    /// <summary>The configuration key of the snapshot timer's schedule (its trigger reads <c>%Survey:Public:SnapshotSchedule%</c>).</summary>
    public const string SnapshotScheduleKey = SectionName + ":" + nameof(SnapshotSchedule);

    /// <summary>
    /// Counts from 1 to this number are suppressed (the US CMS cell-size suppression policy uses 10). Zero is
    /// always published.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Survey:Public:SuppressBelowOrEqual must be between 1 and 100.")]
    public int SuppressBelowOrEqual { get; set; } = 10;

    /// <summary>
    /// When a new snapshot of the public statistics is taken: six-field NCRONTAB, UTC (default every Monday at
    /// 06:00). Each snapshot gives a padder one fresh draw of the noise, so seldom is safer.
    /// </summary>
    public string SnapshotSchedule { get; set; } = "0 0 6 * * 1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SnapshotSchedule?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not { Length: 6 })
        {
            yield return new ValidationResult(
                "Set Survey:Public:SnapshotSchedule (environment variable Survey__Public__SnapshotSchedule) to a six-field NCRONTAB schedule in UTC, e.g. '0 0 6 * * 1' (Mondays at 06:00).",
                [nameof(SnapshotSchedule)]);
        }
    }
}
