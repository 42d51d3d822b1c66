using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Shared.Stats;

namespace Survey.Functions.Http;

/// <summary>Binds the statistics filters (<c>from, to, state, role, setting, planType, funding</c>) from the query string.</summary>
internal static class StatsQuery
{
    /// <summary>The filter, or a 400 problem naming every bad parameter.</summary>
    public static (StatsFilter? Filter, IActionResult? Problem) Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (filter, errors) = StatsFilter.Parse(name => request.Query[name].FirstOrDefault());
        return filter is null ? (null, Problems.Validation(errors, "The statistics filters are invalid.")) : (filter, null);
    }
}
