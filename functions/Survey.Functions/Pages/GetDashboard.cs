using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Dashboards;
using Survey.Shared.Html;

namespace Survey.Functions.Pages;

/// <summary>The committee's dashboard as HTML: coverage by plan and setting, and one plan's timeline (<c>?plan=</c>), with the stats filters.</summary>
public sealed class GetDashboard(DashboardService dashboards)
{
    [Committee]
    [Function(nameof(GetDashboard))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, problem) = StatsQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }

        var dashboard = await dashboards.GetAsync(filter!, request.Query["plan"].FirstOrDefault(), cancellationToken);
        return HtmlResponses.Page(request, nonce => DashboardPage.Render(dashboard, nonce, HtmlResponses.SessionCsrf(request)));
    }
}
