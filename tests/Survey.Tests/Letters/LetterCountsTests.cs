using System.Net;
using System.Net.Http.Json;
using Survey.Shared.Aggregation;
using Survey.Shared.Letters;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Letters;

/// <summary>The committee's count of letters offered, per plan, month and recipient: from the counted reports, with no content.</summary>
[Collection(ServiceGroup.Name)]
public sealed class LetterCountsTests(ServiceFixture fixture)
{
    [Fact]
    public void Letters_offered_are_one_per_report_with_a_coverage_problem_routed_by_the_cell_s_plan_type_and_funding()
    {
        var cells = new (Cell, IReadOnlyDictionary<string, long>)[]
        {
            (new Cell("2025-06", "MA", "family", "home", "ppo", "self-funded"), new Dictionary<string, long> { ["outcome:denied"] = 2, ["outcome:covered-in-full"] = 5 }),
            (new Cell("2025-06", "MA", "ibclc", "home", "hmo", "fully-insured"), new Dictionary<string, long> { ["outcome:partially-covered"] = 1, ["outcome:covered-with-cost-share"] = 1 }),
            (new Cell("2025-07", "MA", "family", "office", "medicaid", "unknown"), new Dictionary<string, long> { ["outcome:denied"] = 3 }),
            (new Cell("2025-08", "MA", "family", "office", "ppo", "unknown"), new Dictionary<string, long> { ["outcome:pending"] = 4, ["outcome:not-billed"] = 1 }),
        };

        var counts = LetterCounts.From(cells);

        Assert.Equal(["2025-06", "2025-07"], counts.Keys);
        Assert.Equal(new Dictionary<string, long> { ["insurer"] = 4, ["employer"] = 2, ["dol-ebsa"] = 2, ["state-insurance"] = 2, ["legislators"] = 4 }, counts["2025-06"]);
        Assert.Equal(new Dictionary<string, long> { ["insurer"] = 3, ["medicaid-ombudsman"] = 3, ["legislators"] = 3 }, counts["2025-07"]);
    }

    [Fact]
    public async Task The_dashboard_counts_the_letters_offered_for_a_plan_per_month_and_recipient()
    {
        var insurer = SampleReports.UniqueInsurer("Letters Counted");
        foreach (var (funding, outcome) in new[] { ("self-funded", "denied"), ("self-funded", "denied"), ("fully-insured", "denied"), ("self-funded", "covered-in-full") })
        {
            var report = SampleReports.Valid(insurer, outcome: outcome);
            report["planType"] = "ppo";
            report["funding"] = funding;
            using var accepted = await fixture.Client.PostAsJsonAsync("/api/reports", report);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var planKey = PlanKeys.Unverified(insurer, null);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null && (int)p["reports"]! == 4, "the four reports are counted");
        using var response = await fixture.Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/dashboard?plan=" + planKey));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Letters offered to reporters", html, StringComparison.Ordinal);
        foreach (var (recipient, count) in new[] { ("insurer", 3), ("employer", 2), ("state-insurance", 1), ("dol-ebsa", 2), ("medicaid-ombudsman", 0), ("legislators", 3) })
        {
            Assert.Contains($"<td class=\"num\" data-recipient=\"{recipient}\">{count}</td>", html, StringComparison.Ordinal);
        }
    }
}
