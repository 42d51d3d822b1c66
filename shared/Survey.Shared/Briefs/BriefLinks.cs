using Survey.Shared.Stats;

namespace Survey.Shared.Briefs;

/// <summary>Where a plan's brief is: what the dashboard and the signals link to.</summary>
public static class BriefLinks
{
    /// <summary>A link to a plan's brief with the filters and a change month.</summary>
    public static string Link(string planKey, StatsFilter filter, string? changeMonth)
        => "/api/stats/plans/" + Uri.EscapeDataString(planKey) + "/brief"
           + Html.Html.Query(StatsText.FilterParameters(filter).Append(("change", changeMonth)));
}
