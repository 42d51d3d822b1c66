using System.Net;
using System.Net.Http.Json;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Faults;

/// <summary>The HTTP path's budget, when Azure.Core gives up before it runs out.</summary>
[Trait("Category", "Faults")]
public sealed class IntakeBudgetTests
{
    [Fact]
    public async Task When_every_try_of_Azure_Core_is_refused_within_the_budget_the_answer_is_503_with_Retry_After_not_500()
    {
        // Connection refused at once: Azure.Core's 4 tries end in ~1.4 s with an AggregateException, long before the budget.
        var (app, client) = await FaultsGroup.StartRunnerAsync(Unreachable.ConnectionString, new()
        {
            ["Survey:Intake:EnqueueBudget"] = "00:00:45",
            ["Survey:Intake:RetryAfterSeconds"] = "7",
        });
        await using (app)
        using (client)
        {
            using var response = await client.PostAsJsonAsync("/api/reports", SampleReports.Valid("Aetna"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            await app.StopAsync();
        }
    }
}
