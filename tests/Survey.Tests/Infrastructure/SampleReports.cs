using System.Text.Json.Nodes;

namespace Survey.Tests.Infrastructure;

/// <summary>Valid report bodies to start tests from.</summary>
internal static class SampleReports
{
    public static JsonObject Valid(string insurer, string? plan = null, string setting = "home", string outcome = "covered-in-full", string month = "2025-06", string role = "ibclc")
    {
        var report = new JsonObject
        {
            ["reporterRole"] = role,
            ["state"] = "ma",
            ["insurer"] = insurer,
            ["serviceMonth"] = month,
            ["setting"] = setting,
            ["outcome"] = outcome,
        };
        if (plan is not null)
        {
            report["plan"] = plan;
        }

        return report;
    }

    /// <summary>An insurer name no other test uses, so each test counts in a plan of its own.</summary>
    public static string UniqueInsurer(string prefix = "Test Insurer") => $"{prefix} {Guid.NewGuid():N}";
}
