using Survey.Shared.Aggregation;
using Survey.Shared.Reports;

namespace Survey.Shared.Stats;

/// <summary>
/// Filters of the committee's statistics: a period of service months (from–to, inclusive) and the
/// report's state, reporter role, setting, plan type and funding. Empty means everything.
/// </summary>
public sealed record StatsFilter(string? From = null, string? To = null, string? State = null, string? Role = null, string? Setting = null, string? PlanType = null, string? Funding = null)
{
    public static readonly StatsFilter None = new();

    /// <summary>The query parameter names, in the order documents list them.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["from", "to", "state", "role", "setting", "planType", "funding"];

    public bool IsEmpty => this == None;

    public bool Matches(Cell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return (From is null || string.CompareOrdinal(cell.Month, From) >= 0)
               && (To is null || string.CompareOrdinal(cell.Month, To) <= 0)
               && (State is null || cell.State == State)
               && (Role is null || cell.Role == Role)
               && (Setting is null || cell.Setting == Setting)
               && (PlanType is null || cell.PlanType == PlanType)
               && (Funding is null || cell.Funding == Funding);
    }

    /// <summary>Reads the filters from query values, naming every bad one.</summary>
    public static (StatsFilter? Filter, IReadOnlyDictionary<string, string[]> Errors) Parse(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Month("from", query, errors);
        var to = Month("to", query, errors);
        if (from is not null && to is not null && string.CompareOrdinal(from, to) > 0)
        {
            errors["to"] = ["Must not be before 'from'."];
        }

        var filter = new StatsFilter(
            from,
            to,
            Choice("state", query, ReportSchema.StateCodes, upper: true, errors),
            Choice("role", query, ReportSchema.ReporterRoles, upper: false, errors),
            Choice("setting", query, ReportSchema.Settings, upper: false, errors),
            Choice("planType", query, ReportSchema.PlanTypes, upper: false, errors),
            Choice("funding", query, ReportSchema.Fundings, upper: false, errors));
        return errors.Count == 0 ? (filter, errors) : (null, errors);
    }

    private static string? Month(string name, Func<string, string?> query, Dictionary<string, string[]> errors)
    {
        var value = query(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length == 7 && value[4] == '-' && int.TryParse(value.AsSpan(0, 4), out var year) && int.TryParse(value.AsSpan(5, 2), out var month)
            && year is >= 2000 and <= 2999 && month is >= 1 and <= 12)
        {
            return value;
        }

        errors[name] = ["Must be a month in the form YYYY-MM."];
        return null;
    }

    private static string? Choice(string name, Func<string, string?> query, IEnumerable<string> allowed, bool upper, Dictionary<string, string[]> errors)
    {
        var value = query(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var canonical = upper ? value.ToUpperInvariant() : value.ToLowerInvariant();
        if (allowed.Contains(canonical))
        {
            return canonical;
        }

        errors[name] = [$"Must be one of: {string.Join(", ", allowed)}."];
        return null;
    }
}
