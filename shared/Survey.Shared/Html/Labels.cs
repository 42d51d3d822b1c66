using Survey.Shared.Stats;

namespace Survey.Shared.Html;

/// <summary>The words the pages use for the schema's values (report schema v1).</summary>
internal static class Labels
{
    public static string Outcome(string outcome) => outcome switch
    {
        "covered-in-full" => "Covered in full",
        "covered-with-cost-share" => "Covered with cost sharing",
        "partially-covered" => "Partially covered",
        "denied" => "Denied",
        "pending" => "Pending",
        "not-billed" => "Not billed",
        _ => outcome,
    };

    public static string Setting(string setting) => setting switch
    {
        "home" => "Home",
        "office" => "Office",
        "telehealth" => "Telehealth",
        "hospital-outpatient" => "Hospital outpatient",
        "inpatient" => "Inpatient",
        _ => setting,
    };

    public static string Role(string role) => role switch
    {
        "ibclc" => "IBCLC",
        "family" => "Family",
        "other-provider" => "Other provider",
        _ => role,
    };

    public static string RolePlural(string role) => role switch
    {
        "ibclc" => "IBCLCs",
        "family" => "families",
        "other-provider" => "other providers",
        _ => role,
    };

    public static string PlanType(string planType) => planType switch
    {
        "hmo" => "HMO",
        "ppo" => "PPO",
        "epo" => "EPO",
        "pos" => "POS",
        "indemnity" => "Indemnity",
        "medicaid" => "Medicaid",
        "medicare" => "Medicare",
        "marketplace" => "Marketplace",
        "tricare" => "TRICARE",
        "other" => "Other",
        "unknown" => "Unknown",
        _ => planType,
    };

    public static string Funding(string funding) => funding switch
    {
        "fully-insured" => "Fully insured",
        "self-funded" => "Self-funded (ASO)",
        "unknown" => "Unknown",
        _ => funding,
    };

    public static string DenialReason(string reason) => reason switch
    {
        "setting-not-covered" => "Setting not covered",
        "provider-not-licensed" => "Provider not licensed",
        "provider-not-in-network" => "Provider not in network",
        "no-prior-authorization" => "No prior authorization",
        "visit-limit" => "Visit limit reached",
        "not-a-covered-benefit" => "Not a covered benefit",
        "other" => "Other reason",
        _ => reason,
    };

    public static string AdvocacyAction(string action) => action switch
    {
        "called-insurer" => "Called the insurer",
        "employer-hr" => "Went to the employer's HR",
        "insurance-regulator" => "Complained to the insurance regulator",
        "legislator" => "Contacted a legislator",
        "formal-appeal" => "Filed a formal appeal",
        "other" => "Other",
        _ => action,
    };

    /// <summary>"Insurer — Plan", or the insurer alone for its default plan.</summary>
    public static string PlanName(PlanStats plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var insurer = string.IsNullOrWhiteSpace(plan.Insurer) ? plan.PlanKey : plan.Insurer;
        return string.IsNullOrWhiteSpace(plan.Plan) ? insurer : insurer + " — " + plan.Plan;
    }
}
