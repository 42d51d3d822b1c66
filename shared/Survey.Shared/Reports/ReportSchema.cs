using System.Collections.Immutable;

namespace Survey.Shared.Reports;

/// <summary>
/// Report schema v1: the allowed values of every enumerated field, in the order forms and statistics list them,
/// and the limits on free text.
/// </summary>
public static class ReportSchema
{
    /// <summary>Longest insurer, plan or employer name, in UTF-16 code units after trimming.</summary>
    public const int MaxNameLength = 120;

    /// <summary>Longest narrative, in UTF-16 code units after trimming.</summary>
    public const int MaxNarrativeLength = 4000;

    /// <summary>Longest contact e-mail address (the SMTP path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Who is reporting.</summary>
    public static readonly ImmutableArray<string> ReporterRoles = ["ibclc", "family", "other-provider"];

    /// <summary>The 50 states, DC and the inhabited territories, as upper-case USPS codes.</summary>
    public static readonly ImmutableArray<string> StateCodes =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA",
        "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
        "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "DC", "PR", "GU", "VI", "AS", "MP",
    ];

    /// <summary>Where the lactation visit took place.</summary>
    public static readonly ImmutableArray<string> Settings = ["home", "office", "telehealth", "hospital-outpatient", "inpatient"];

    /// <summary>What the insurer did with the claim.</summary>
    public static readonly ImmutableArray<string> Outcomes =
        ["covered-in-full", "covered-with-cost-share", "partially-covered", "denied", "pending", "not-billed"];

    /// <summary>The kind of health plan.</summary>
    public static readonly ImmutableArray<string> PlanTypes =
        ["hmo", "ppo", "epo", "pos", "indemnity", "medicaid", "medicare", "marketplace", "tricare", "other", "unknown"];

    /// <summary>How an employer plan is funded (self-funded plans fall under ERISA, not state mandates).</summary>
    public static readonly ImmutableArray<string> Fundings = ["fully-insured", "self-funded", "unknown"];

    /// <summary>The credential of the provider who gave the care.</summary>
    public static readonly ImmutableArray<string> ProviderCredentials = ["ibclc", "clc", "rn", "physician", "midwife", "other"];

    /// <summary>Whether the provider was in the plan's network.</summary>
    public static readonly ImmutableArray<string> NetworkStatuses = ["in-network", "out-of-network", "unknown"];

    /// <summary>Answers to yes/no questions the reporter may not know.</summary>
    public static readonly ImmutableArray<string> YesNoUnknown = ["yes", "no", "unknown"];

    /// <summary>Why a claim was denied, in full or in part.</summary>
    public static readonly ImmutableArray<string> DenialReasons =
    [
        "setting-not-covered", "provider-not-licensed", "provider-not-in-network", "no-prior-authorization",
        "visit-limit", "not-a-covered-benefit", "other",
    ];

    /// <summary>What the reporter did about the outcome.</summary>
    public static readonly ImmutableArray<string> AdvocacyActions =
        ["called-insurer", "employer-hr", "insurance-regulator", "legislator", "formal-appeal", "other"];

    /// <summary>The language the form was filled in.</summary>
    public static readonly ImmutableArray<string> Languages = ["en", "es", "pt"];

    /// <summary>
    /// Every JSON field name a submission may carry (camelCase), in the order the form shows them; any other name is
    /// rejected. The keys of <see cref="Questionnaire.Default"/> (a property, so the questionnaire, which lists this
    /// class's values, is never read half-built).
    /// </summary>
    public static string[] FieldNames => [.. Questionnaire.Default.Keys];
}
