namespace Survey.Shared.Stats;

/// <summary>One month of a timeline: its measures, or null when no report has that month of service.</summary>
internal sealed record TimelineMonth(string Month, Measures? Measures)
{
    public long Reports => Measures?.Reports ?? 0;

    public long Outcome(string outcome) => Measures?.Outcomes.GetValueOrDefault(outcome) ?? 0;
}

/// <summary>The months a plan's charts run over, and where a policy change falls among them.</summary>
internal static class Timelines
{
    /// <summary>
    /// Every month from the first to the last month with reports (months without reports as empty), and
    /// the month after the last when that is where a policy change starts.
    /// </summary>
    public static IReadOnlyList<TimelineMonth> Of(IReadOnlyDictionary<string, Measures> months, string? changeMonth = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        var withReports = months.Where(m => m.Value.Reports > 0).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
        if (withReports.Count == 0)
        {
            return [];
        }

        var first = Html.Html.ParseMonth(withReports[0]);
        var last = Html.Html.ParseMonth(withReports[^1]);
        if (changeMonth is not null && Html.Html.ParseMonth(changeMonth) == last.AddMonths(1))
        {
            last = last.AddMonths(1);
        }

        var timeline = new List<TimelineMonth>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var key = Html.Html.FormatMonth(month);
            timeline.Add(new TimelineMonth(key, months.TryGetValue(key, out var measures) && measures.Reports > 0 ? measures : null));
        }

        return timeline;
    }

    /// <summary>The index of the change month in the timeline, or -1 when the timeline does not include it.</summary>
    public static int ChangeIndex(IReadOnlyList<TimelineMonth> timeline, string? changeMonth)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (changeMonth is null)
        {
            return -1;
        }

        for (var i = 0; i < timeline.Count; i++)
        {
            if (timeline[i].Month == changeMonth)
            {
                return i;
            }
        }

        return -1;
    }
}
