namespace Survey.Shared.Reports;

/// <summary>
/// A validated, normalised report (schema v1): text trimmed, enumerated values in their canonical form
/// (lower case; <see cref="State"/> upper case). It carries nothing that identifies the reporter.
/// </summary>
public sealed record Report
{
    /// <summary>One of <see cref="ReportSchema.ReporterRoles"/>.</summary>
    public required string ReporterRole { get; init; }

    /// <summary>One of <see cref="ReportSchema.StateCodes"/> (upper case).</summary>
    public required string State { get; init; }

    /// <summary>The insurer's name as the reporter wrote it.</summary>
    public required string Insurer { get; init; }

    /// <summary>The month of the visit, <c>YYYY-MM</c>.</summary>
    public required string ServiceMonth { get; init; }

    /// <summary>One of <see cref="ReportSchema.Settings"/>.</summary>
    public required string Setting { get; init; }

    /// <summary>One of <see cref="ReportSchema.Outcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The plan's name as the reporter wrote it.</summary>
    public string? Plan { get; init; }

    /// <summary>One of <see cref="ReportSchema.PlanTypes"/>.</summary>
    public string? PlanType { get; init; }

    /// <summary>One of <see cref="ReportSchema.Fundings"/>.</summary>
    public string? Funding { get; init; }

    /// <summary>The employer sponsoring the plan, if any.</summary>
    public string? Employer { get; init; }

    /// <summary>One of <see cref="ReportSchema.ProviderCredentials"/>.</summary>
    public string? ProviderCredential { get; init; }

    /// <summary>One of <see cref="ReportSchema.NetworkStatuses"/>.</summary>
    public string? NetworkStatus { get; init; }

    /// <summary>One of <see cref="ReportSchema.YesNoUnknown"/>.</summary>
    public string? PriorAuthorizationRequired { get; init; }

    /// <summary>One of <see cref="ReportSchema.YesNoUnknown"/>.</summary>
    public string? ToldCoveredBeforehand { get; init; }

    /// <summary>One of <see cref="ReportSchema.DenialReasons"/>; only with a denied or partially-covered outcome.</summary>
    public string? DenialReason { get; init; }

    /// <summary>What the family paid, 0–100000 US dollars with at most two decimals.</summary>
    public decimal? OutOfPocketUsd { get; init; }

    /// <summary>Distinct values of <see cref="ReportSchema.AdvocacyActions"/>, in that order.</summary>
    public IReadOnlyList<string> AdvocacyActions { get; init; } = [];

    /// <summary>Free text; may contain line breaks and tabs.</summary>
    public string? Narrative { get; init; }

    /// <summary>Whether the narrative may be quoted.</summary>
    public bool? ConsentToQuote { get; init; }

    /// <summary>One of <see cref="ReportSchema.Languages"/>.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// The answers of counted questions (<see cref="Question.Counted"/>) that have no field of their own above, by key:
    /// the options chosen. It travels in the queued message and the stored report, so the aggregates count them and a
    /// rebuild recounts them; <see langword="null"/> when there are none (and in reports stored before it existed).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? CountedAnswers { get; init; }
}

/// <summary>A report that passed validation, with the fields that travel beside it rather than in it.</summary>
/// <param name="SubmissionId">The client's id for the submission, to make retries idempotent.</param>
/// <param name="Report">The normalised report.</param>
/// <param name="ContactEmail">A trimmed e-mail address for follow-up, kept apart from the report.</param>
public sealed record ValidatedSubmission(Guid? SubmissionId, Report Report, string? ContactEmail);

/// <summary>The outcome of validating a submission body.</summary>
/// <param name="Submission">The validated submission; <see langword="null"/> when there are errors.</param>
/// <param name="Errors">
/// Every problem found, keyed by field name (<c>"$"</c> for the body as a whole); empty when valid.
/// </param>
public sealed record ReportValidationResult(ValidatedSubmission? Submission, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Whether the body is a valid submission.</summary>
    public bool IsValid => Submission is not null;

    /// <summary>
    /// Every question's normalised answer by key (null when not given) when valid, empty otherwise: what the
    /// submission is made of, and the answers of a questionnaire's questions that schema v1 has no place for.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Answers { get; init; } = new Dictionary<string, object?>();
}
