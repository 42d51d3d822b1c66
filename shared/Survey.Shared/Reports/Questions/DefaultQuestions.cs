using System.Collections.Immutable;

namespace Survey.Shared.Reports;

/// <summary>Report schema v1, question by question; the form's words for them are in FormTexts.En/Es/Pt.</summary>
internal static class DefaultQuestions
{
    private const string NameInput = " autocomplete=\"off\" spellcheck=\"false\"";

    public static ImmutableArray<Question> All { get; } =
    [
        new("submissionId", QuestionKind.Id)
        {
            Section = FormSection.None,
            Description = "The client's id for this submission, in the 8-4-4-4-12 form. It becomes the report's id, so a retried submission (after a `503`, say) counts once. Without it the service assigns a UUID v7.",
        },
        new("reporterRole", QuestionKind.Choice)
        {
            Required = true,
            Options = ReportSchema.ReporterRoles,
            Section = FormSection.Visit,
            Style = ChoiceStyle.Radios,
            CountedAs = "role",
            CounterPrefix = "role",
            Description = "Who is reporting: an IBCLC, the family, or another provider.",
            OptionLabels = Labels(("ibclc", "IBCLC"), ("family", "Family"), ("other-provider", "Other provider")),
        },
        new("state", QuestionKind.Choice)
        {
            Required = true,
            Options = ReportSchema.StateCodes,
            Section = FormSection.Visit,
            Style = ChoiceStyle.SortedSelect,
            SchemaRef = "StateCode",
            Description = "The state or territory of the plan (USPS code). Case-insensitive in practice; stored upper case.",
        },
        new("insurer", QuestionKind.Text)
        {
            Required = true,
            MaxLength = ReportSchema.MaxNameLength,
            Section = FormSection.Visit,
            PlanPickerBefore = true,
            InputAttributes = NameInput,
            Description = "The insurer's name as the reporter knows it (1-120 characters after trimming). Matched to the plan catalogue ignoring case, accents, punctuation and common abbreviations (`BCBS MA`, `Blue Cross/Blue Shield`).",
        },
        new("plan", QuestionKind.Text)
        {
            MaxLength = ReportSchema.MaxNameLength,
            Section = FormSection.Visit,
            InputAttributes = NameInput,
            Description = "The plan's name as the reporter knows it (at most 120 characters after trimming), e.g. `PPO` or `HMO Blue`.",
        },
        new("serviceMonth", QuestionKind.Month)
        {
            Required = true,
            Section = FormSection.Visit,
            Description = "The month of the visit, `YYYY-MM`, from `2010-01` to the current month (UTC); a future month is rejected.",
        },
        new("setting", QuestionKind.Choice)
        {
            Required = true,
            Options = ReportSchema.Settings,
            Section = FormSection.Visit,
            Style = ChoiceStyle.Radios,
            Description = "Where the lactation visit took place.",
            OptionLabels = Labels(
                ("home", "Home"), ("office", "Office"), ("telehealth", "Telehealth"), ("hospital-outpatient", "Hospital outpatient"), ("inpatient", "Inpatient")),
        },
        new("outcome", QuestionKind.Choice)
        {
            Required = true,
            Options = ReportSchema.Outcomes,
            Section = FormSection.Visit,
            Style = ChoiceStyle.Radios,
            CountedAs = "outcome",
            CounterPrefix = "outcome",
            Description = "What the insurer did with the claim.",
            OptionLabels = Labels(
                ("covered-in-full", "Covered in full"), ("covered-with-cost-share", "Covered with cost sharing"), ("partially-covered", "Partially covered"),
                ("denied", "Denied"), ("pending", "Pending"), ("not-billed", "Not billed")),
        },
        new("planType", QuestionKind.Choice)
        {
            Options = ReportSchema.PlanTypes,
            Description = "The kind of health plan.",
            OptionLabels = Labels(
                ("hmo", "HMO"), ("ppo", "PPO"), ("epo", "EPO"), ("pos", "POS"), ("indemnity", "Indemnity"), ("medicaid", "Medicaid"), ("medicare", "Medicare"),
                ("marketplace", "Marketplace"), ("tricare", "TRICARE"), ("other", "Other"), ("unknown", "Unknown")),
        },
        new("funding", QuestionKind.Choice)
        {
            Options = ReportSchema.Fundings,
            Description = "How an employer plan is funded: `self-funded` means the employer pays claims and decides benefits (\"ASO\", ERISA rather than state mandates).",
            OptionLabels = Labels(("fully-insured", "Fully insured"), ("self-funded", "Self-funded (ASO)"), ("unknown", "Unknown")),
        },
        new("employer", QuestionKind.Text)
        {
            MaxLength = ReportSchema.MaxNameLength,
            InputAttributes = " autocomplete=\"organization\"",
            Description = "The employer sponsoring the plan, if any (at most 120 characters after trimming).",
        },
        new("providerCredential", QuestionKind.Choice)
        {
            Options = ReportSchema.ProviderCredentials,
            Description = "The credential of the provider who gave the care.",
        },
        new("networkStatus", QuestionKind.Choice)
        {
            Options = ReportSchema.NetworkStatuses,
            Description = "Whether the provider was in the plan's network.",
        },
        new("priorAuthorizationRequired", QuestionKind.Choice)
        {
            Options = ReportSchema.YesNoUnknown,
            CountedAs = "prior_authorization",
            CounterPrefix = "priorAuth",
            UnansweredCountsAs = "unknown",
            Description = "Whether the insurer required prior authorization. Statistics count a report without it as `unknown`.",
        },
        new("toldCoveredBeforehand", QuestionKind.Choice)
        {
            Options = ReportSchema.YesNoUnknown,
            CountedAs = "told_covered_beforehand",
            CounterPrefix = "told",
            UnansweredCountsAs = "unknown",
            Description = "Whether the insurer said beforehand that the care was covered.",
        },
        new("denialReason", QuestionKind.Choice)
        {
            Options = ReportSchema.DenialReasons,
            OnlyWhen = new Condition("outcome", ["denied", "partially-covered"]),
            CountedAs = "denial_reason",
            CounterPrefix = "denial",
            Description = "Why the claim was denied, in full or in part. Only allowed when `outcome` is `denied` or `partially-covered`.",
            OptionLabels = Labels(
                ("setting-not-covered", "Setting not covered"), ("provider-not-licensed", "Provider not licensed"), ("provider-not-in-network", "Provider not in network"),
                ("no-prior-authorization", "No prior authorization"), ("visit-limit", "Visit limit reached"), ("not-a-covered-benefit", "Not a covered benefit"),
                ("other", "Other reason")),
        },
        new("outOfPocketUsd", QuestionKind.Amount)
        {
            MaxAmount = 100_000m,
            InputAttributes = " inputmode=\"decimal\" autocomplete=\"off\"",
            Description = "What the family paid, in US dollars: 0-100000 with at most 2 decimal places (judged on the JSON text: `12.500` is fine, `12.345` is not).",
        },
        new("advocacyActions", QuestionKind.Choices)
        {
            Options = ReportSchema.AdvocacyActions,
            CountedAs = "advocacy",
            CounterPrefix = "advocacy",
            Description = "What the reporter did about the outcome: a set. Values are matched case-insensitively after trimming; duplicates collapse and the set is stored in the order listed here.",
            OptionLabels = Labels(
                ("called-insurer", "Called the insurer"), ("employer-hr", "Went to the employer's HR"), ("insurance-regulator", "Complained to the insurance regulator"),
                ("legislator", "Contacted a legislator"), ("formal-appeal", "Filed a formal appeal"), ("other", "Other")),
        },
        new("narrative", QuestionKind.LongText)
        {
            MaxLength = ReportSchema.MaxNarrativeLength,
            Description = "Free text, at most 4000 characters after trimming; may contain line breaks and tabs.",
        },
        new("consentToQuote", QuestionKind.YesNo)
        {
            Description = "Whether the narrative may be quoted (JSON `true` or `false`, not a string).",
        },
        new("contactEmail", QuestionKind.Email)
        {
            MaxLength = ReportSchema.MaxEmailLength,
            InputAttributes = " autocomplete=\"email\" spellcheck=\"false\"",
            Description = "One e-mail address for follow-up (no display name, a dotted domain). Personal data: stored apart from the report, keyed by report id, and never in aggregates, logs or exports.",
        },
        new("language", QuestionKind.Choice)
        {
            Options = ReportSchema.Languages,
            Section = FormSection.None,
            Description = "The language the form was filled in.",
        },
    ];

    private static ImmutableDictionary<string, string> Labels(params (string Option, string Label)[] labels)
        => labels.ToImmutableDictionary(l => l.Option, l => l.Label, StringComparer.Ordinal);
}
