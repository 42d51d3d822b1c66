using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Reports;

/// <summary>How report intake behaves when storage is slow.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Survey:Intake";

    /// <summary>How long a POST may wait for the queue before it answers 503 (Azure.Core's own retries run inside it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Survey:Intake:EnqueueBudget must be between 00:00:00.100 and 00:01:00.")]
    public TimeSpan EnqueueBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The Retry-After a 503 suggests, in seconds.</summary>
    [Range(1, 3600, ErrorMessage = "Survey:Intake:RetryAfterSeconds must be between 1 and 3600.")]
    public int RetryAfterSeconds { get; set; } = 5;
}
