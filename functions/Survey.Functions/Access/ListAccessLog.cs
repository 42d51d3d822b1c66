using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;

namespace Survey.Functions.Access;

/// <summary>The committee's access log for one UTC day (<c>?date=YYYY-MM-DD</c>, default today), newest first.</summary>
public sealed class ListAccessLog(CommitteeAccess access)
{
    [Committee]
    [Function(nameof(ListAccessLog))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "access-log")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var date = request.Query["date"].FirstOrDefault();
        DateOnly day;
        if (string.IsNullOrEmpty(date))
        {
            day = access.Today;
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["date"] = ["Must be a date in the form YYYY-MM-DD."] }, "The query is invalid.");
        }

        return new OkObjectResult(new { date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), entries = await access.ListAsync(day, cancellationToken) });
    }
}
