using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Exports;

[Collection(ServiceGroup.Name)]
public sealed class CsvExportApiTests(ServiceFixture fixture)
{
    private const string Hyperlink = "=HYPERLINK(\"http://x\",\"y\")";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_plans_csv_has_a_row_per_plan_with_its_counts_and_the_hostile_name_as_text()
    {
        var (insurer, planKey) = await PostHostileReportsAsync();

        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans.csv?from=2025-01&to=2025-06"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment; filename=\"survey-plans-2025-01-2025-06.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var row = Assert.Single(Parse(bytes), r => r["plan_key"] == planKey);
        Assert.Equal("'" + insurer, row["insurer"]);
        Assert.Equal("'-Gold", row["plan"]);
        Assert.Equal("false", row["verified"]);
        Assert.Equal(("2025-01", "2025-06"), (row["period_from"], row["period_to"]));
        Assert.Equal("3", row["reports"]);
        Assert.Equal(("2", "2"), (row["home_reports"], row["home_denied"]));
        Assert.Equal(("1", "1"), (row["office_reports"], row["office_covered_in_full"]));
        Assert.Equal(("2", "1"), (row["role_ibclc"], row["role_family"]));
        Assert.Equal(("2", "3", "0.6667"), (row["denied_count"], row["denied_of"], row["denied_rate"]));
    }

    [Fact]
    public async Task A_setting_filter_drops_the_reports_of_other_settings_from_the_csv()
    {
        var (_, planKey) = await PostHostileReportsAsync();

        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans.csv?from=2025-01&to=2025-06&setting=office"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(Parse(await response.Content.ReadAsByteArrayAsync()), r => r["plan_key"] == planKey);
        Assert.Equal(("1", "0", "1"), (row["reports"], row["home_reports"], row["office_reports"]));
        Assert.Equal(("0", "1", "0"), (row["role_ibclc"], row["role_family"], row["outcome_denied"]));
    }

    [Fact]
    public async Task The_months_csv_has_a_row_per_plan_and_month_of_service()
    {
        var (insurer, planKey) = await PostHostileReportsAsync();

        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/months.csv?from=2025-01&to=2025-06"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"survey-months-2025-01-2025-06.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = Parse(bytes).Where(r => r["plan_key"] == planKey).ToList();
        Assert.Equal(["2025-03|2|2", "2025-04|1|0"], rows.Select(r => $"{r["month"]}|{r["reports"]}|{r["home_reports"]}"));
        Assert.All(rows, r => Assert.Equal("'" + insurer, r["insurer"]));
    }

    [Fact]
    public async Task Without_a_period_the_file_name_has_none()
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans.csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment; filename=\"survey-plans.csv\"", response.Content.Headers.ContentDisposition?.ToString());
    }

    [Theory]
    [InlineData("/api/stats/plans.csv?from=2025-13")]
    [InlineData("/api/stats/months.csv?from=2025-13")]
    public async Task A_bad_month_returns_a_problem_naming_the_parameter(string path)
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(["from"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("/api/stats/plans.csv", null)]
    [InlineData("/api/stats/plans.csv", "wrong-key")]
    [InlineData("/api/stats/months.csv", null)]
    [InlineData("/api/stats/months.csv", "wrong-key")]
    public async Task The_csv_exports_require_the_function_key(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-committee-key", key);
        }

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Four reports under a new unverified plan whose insurer starts with a formula: two home denials (ibclc) in
    /// 2025-03, an office report covered in full (family) in 2025-04, and one outside the period, in 2024-12.
    /// </summary>
    private async Task<(string Insurer, string PlanKey)> PostHostileReportsAsync()
    {
        var insurer = $"{Hyperlink} {Guid.NewGuid():N}";
        const string plan = "-Gold";
        JsonObject[] reports =
        [
            SampleReports.Valid(insurer, plan, setting: "home", outcome: "denied", month: "2025-03"),
            SampleReports.Valid(insurer, plan, setting: "home", outcome: "denied", month: "2025-03"),
            SampleReports.Valid(insurer, plan, setting: "office", outcome: "covered-in-full", month: "2025-04", role: "family"),
            SampleReports.Valid(insurer, plan, setting: "home", outcome: "covered-in-full", month: "2024-12"),
        ];
        foreach (var report in reports)
        {
            using var posted = await Client.PostAsJsonAsync("/api/reports", report);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await fixture.WaitForQueueDrainedAsync();
        var planKey = PlanKeys.Unverified(insurer, plan);
        var counted = await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null && (int)p["reports"]! == reports.Length, "the reports are counted");
        Assert.Equal(insurer, (string?)counted!["insurer"]);
        return (insurer, planKey);
    }

    private static List<Dictionary<string, string>> Parse(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            var row = reader.Current.ToArray();
            rows.Add(reader.Headers.Zip(row).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal));
        }

        return rows;
    }
}
