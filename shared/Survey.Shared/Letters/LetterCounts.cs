using Survey.Shared.Aggregation;

namespace Survey.Shared.Letters;

/// <summary>
/// How many letters of each recipient were offered, per month of service: one per counted report with a
/// coverage problem, routed by the cell's plan type and funding. Derived from the plan's exactly-once cell
/// counters, so it needs no table, no write and no anonymous counter that could be inflated (docs/letters.md).
/// </summary>
public static class LetterCounts
{
    /// <summary>The recipients, in the order the dashboard shows them, with their column headings.</summary>
    public static IReadOnlyList<(string Recipient, string Heading)> Recipients { get; } =
    [
        ("insurer", "Insurer"), ("employer", "Employer"), ("state-insurance", "State regulator"), ("dol-ebsa", "Dept. of Labor"),
        ("medicaid-ombudsman", "Medicaid ombudsman"), ("medicare", "Medicare"), ("legislators", "Legislators"),
    ];

    /// <summary>Month of service to recipient to letters offered, in month order; months without a letter are left out.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> From(IEnumerable<(Cell Cell, IReadOnlyDictionary<string, long> Counts)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var months = new SortedDictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (cell, counts) in cells)
        {
            var offered = Reports.ReportSchema.Outcomes.Where(LetterWriter.OffersLetters).Sum(o => counts.GetValueOrDefault(ReportCounters.Outcome(o)));
            if (offered == 0)
            {
                continue;
            }

            if (!months.TryGetValue(cell.Month, out var month))
            {
                months[cell.Month] = month = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (_, recipient) in LetterWriter.Routes(cell.PlanType, cell.Funding))
            {
                month[recipient] = month.GetValueOrDefault(recipient) + offered;
            }
        }

        return months.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, long>)m.Value, StringComparer.Ordinal);
    }
}
