using Survey.Shared.Reports;

namespace Survey.Shared.Html;

/// <summary>
/// The words the committee's pages use for the schema's values: each question's option labels in the questionnaire
/// (report schema v1), and the few phrasings only these pages need.
/// </summary>
internal static class Labels
{
    public static string Outcome(string outcome) => Option("outcome", outcome);

    public static string Setting(string setting) => Option("setting", setting);

    public static string Role(string role) => Option("reporterRole", role);

    public static string RolePlural(string role) => role switch
    {
        "ibclc" => "IBCLCs",
        "family" => "families",
        "other-provider" => "other providers",
        _ => role,
    };

    public static string PlanType(string planType) => Option("planType", planType);

    public static string Funding(string funding) => Option("funding", funding);

    public static string DenialReason(string reason) => Option("denialReason", reason);

    public static string AdvocacyAction(string action) => Option("advocacyActions", action);

    private static string Option(string question, string option) => Questionnaire.Default[question].OptionLabel(option);
}
