using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Signals;

/// <summary>Settings of change detection and the weekly digest (section <c>Survey:Signals</c>); docs/signals.md explains them.</summary>
public sealed class SignalOptions : IValidatableObject
{
    public const string SectionName = "Survey:Signals";

    /// <summary>The configuration key of the recompute timer's schedule (its trigger reads <c>%Survey:Signals:RecomputeSchedule%</c>).</summary>
    public const string RecomputeScheduleKey = SectionName + ":" + nameof(RecomputeSchedule);

    /// <summary>The configuration key of the digest timer's schedule.</summary>
    public const string DigestScheduleKey = SectionName + ":" + nameof(DigestSchedule);

    /// <summary>Fewest reports (those the rate is counted out of) on each side of a change.</summary>
    [Range(5, 100_000, ErrorMessage = "Set Survey:Signals:MinPerSide to a number of reports from 5 to 100000.")]
    public int MinPerSide { get; set; } = 20;

    /// <summary>The false discovery rate (Benjamini–Hochberg) over every plan × setting × measure tested together.</summary>
    [Range(0.0001, 0.2, ErrorMessage = "Set Survey:Signals:FalseDiscoveryRate to a number from 0.0001 to 0.2.")]
    public double FalseDiscoveryRate { get; set; } = 0.01;

    /// <summary>Smallest difference of the rates before and after (absolute, 0 to 1) that is worth a signal.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Set Survey:Signals:MinDifference to a number from 0 to 1.")]
    public double MinDifference { get; set; } = 0.2;

    /// <summary>When signals are recomputed if counts changed: six-field NCRONTAB, UTC (default every 5 minutes).</summary>
    public string RecomputeSchedule { get; set; } = "0 */5 * * * *";

    /// <summary>When the digest goes out: six-field NCRONTAB, UTC (default Mondays at 13:00).</summary>
    public string DigestSchedule { get; set; } = "0 0 13 * * Mon";

    /// <summary>The detector's settings.</summary>
    public DetectorSettings Detector => new(MinPerSide, FalseDiscoveryRate, MinDifference);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(RecomputeSchedule), RecomputeSchedule), (nameof(DigestSchedule), DigestSchedule) })
        {
            if (value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not { Length: 6 })
            {
                yield return new ValidationResult(
                    $"Set Survey:Signals:{name} (environment variable Survey__Signals__{name}) to a six-field NCRONTAB schedule in UTC, e.g. '0 0 13 * * Mon'.",
                    [name]);
            }
        }
    }
}
