using Survey.Shared.Html;

namespace Survey.Shared.Stats;

/// <summary>The pages' words for what Stats holds: a rate with its counts, a filter, a plan's name.</summary>
internal static class StatsText
{
    /// <summary>"58% (7 of 12)", or "– (0 of 0)".</summary>
    public static string RateWithCounts(Rate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        return Html.Html.Percent(rate.Value) + " (" + Html.Html.Number(rate.Count) + " of " + Html.Html.Number(rate.Of) + ")";
    }

    /// <summary>The filter's query parameters, in <see cref="StatsFilter.Parameters"/> order.</summary>
    public static IEnumerable<(string Name, string? Value)> FilterParameters(StatsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        yield return ("from", filter.From);
        yield return ("to", filter.To);
        yield return ("state", filter.State);
        yield return ("role", filter.Role);
        yield return ("setting", filter.Setting);
        yield return ("planType", filter.PlanType);
        yield return ("funding", filter.Funding);
    }

    /// <summary>A sentence describing the filters ("All reports." when none).</summary>
    public static string DescribeFilter(StatsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parts = new List<string>();
        if (filter.From is not null || filter.To is not null)
        {
            parts.Add(filter.From is not null && filter.To is not null
                ? "months of service " + Html.Html.Month(filter.From) + " to " + Html.Html.Month(filter.To)
                : filter.From is not null ? "months of service from " + Html.Html.Month(filter.From) : "months of service up to " + Html.Html.Month(filter.To!));
        }

        if (filter.State is not null)
        {
            parts.Add("state " + filter.State);
        }

        if (filter.Role is not null)
        {
            parts.Add("reported by " + Labels.RolePlural(filter.Role));
        }

        if (filter.Setting is not null)
        {
            parts.Add("setting: " + Labels.Setting(filter.Setting));
        }

        if (filter.PlanType is not null)
        {
            parts.Add("plan type " + Labels.PlanType(filter.PlanType));
        }

        if (filter.Funding is not null)
        {
            parts.Add("funding: " + Labels.Funding(filter.Funding));
        }

        return parts.Count == 0 ? "All reports." : "Only " + string.Join(", ", parts) + ".";
    }

    /// <summary>"Insurer — Plan", or the insurer alone for its default plan.</summary>
    public static string PlanName(PlanStats plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var insurer = string.IsNullOrWhiteSpace(plan.Insurer) ? plan.PlanKey : plan.Insurer;
        return string.IsNullOrWhiteSpace(plan.Plan) ? insurer : insurer + " — " + plan.Plan;
    }
}
