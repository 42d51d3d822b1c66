using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hostile;

/// <summary>
/// Text that is valid but dangerous elsewhere (table-key characters, HTML and script, spreadsheet formulas,
/// right-to-left overrides, emoji and astral characters) is accepted, stored exactly as sent, and neutralised where
/// it is shown: the pages escape it, the CSV marks formulas as text, the plan key is table-safe.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class DangerousTextTests(ServiceFixture fixture)
{
    public static TheoryData<string, string, string, string> Texts => new()
    {
        { "table-key characters", "Slash/Back\\slash #hash ?query", "A/B\\C#D?E", "a/b\\c#d?e" },
        { "html and script", "<script>alert('insurer')</script> Health", "<img src=x onerror=alert(1)>", "<script>alert(\"narrative\")</script> & <b>bold</b>" },
        { "formulas", "=HYPERLINK(\"http://evil.example\",\"click\")", "+SUM(1,2)", "=1+2\t-3\r\n@SUM(A1)" },
        { "more formulas", "-2+3 Care", "@SUM(A1)", "\t=cmd|' /C calc'!A0 after a tab" },
        { "right-to-left override", "\u202Eevil\u202C Care", "\u200FPlan \u202Bx\u202C", "\u202Egnp.exe" },
        { "emoji and astral characters", "🍼 Milk 𝔘nion", "👩‍🍼 Gold 𝟙", "🤱🏽 thank you 𝄞" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Dangerous_text_is_accepted_stored_intact_and_neutralised_where_shown(string what, string insurerText, string plan, string narrative)
    {
        var insurer = $"{insurerText} {Guid.NewGuid():N}";
        var report = SampleReports.Valid(insurer, plan);
        report["narrative"] = "Story: " + narrative;

        using var posted = await fixture.Client.PostAsJsonAsync("/api/reports", report);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{what}: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        var reportId = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["reportId"]!;

        // The plan key is table-safe and the report row is stored under it, with the text exactly as sent.
        var planKey = PlanKeys.Unverified(insurer, plan);
        Assert.Matches("^[a-z0-9-]{1,200}$", planKey);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null, $"the {what} report is counted");
        var table = new TableClient(fixture.ConnectionString, StorageNames.PlanStatsTable);
        var row = (await table.GetEntityAsync<TableEntity>(planKey, "rep|" + reportId)).Value;
        var stored = JsonNode.Parse(row.GetString("Report"))!.AsObject();
        Assert.Equal(insurer, (string?)stored["insurer"]);
        Assert.Equal(plan, (string?)stored["plan"]);
        Assert.Equal("Story: " + narrative, (string?)stored["narrative"]);

        // Shown: the dashboard and the brief escape it (no raw markup of ours survives).
        foreach (var path in new[] { $"/api/dashboard?plan={planKey}", $"/api/stats/plans/{planKey}/brief" })
        {
            using var page = await fixture.Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>bold", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(insurer[^32..], html, StringComparison.Ordinal);
        }

        // Exported: a cell that starts like a formula is marked as text.
        using var csv = await fixture.Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans.csv"));
        var text = await csv.Content.ReadAsStringAsync();
        var line = Assert.Single(text.Split('\n'), l => l.Contains(planKey, StringComparison.Ordinal));
        foreach (var cell in new[] { insurer, plan }.Where(c => c[0] is '=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            Assert.Contains("'" + cell.Replace("\"", "\"\"", StringComparison.Ordinal), line, StringComparison.Ordinal);
        }
    }
}
