using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

[Collection(ServiceGroup.Name)]
public sealed class ReportsApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_posted_report_shows_up_in_the_plan_stats_within_seconds()
    {
        var insurer = SampleReports.UniqueInsurer("Blue Cross/Blue Shield");
        using var response = await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer, "PPO", setting: "home", outcome: "denied"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("queued", (string?)body!["status"]);
        Assert.True(Guid.TryParse((string?)body["reportId"], out _));

        var planKey = PlanKeys.Unverified(insurer, "PPO");
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null, "the report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);
        Assert.Equal(insurer, (string?)plan["insurer"]);
        Assert.Equal("PPO", (string?)plan["plan"]);
        Assert.Equal(1, (int)plan["bySetting"]!["home"]!["outcomes"]!["denied"]!);
        Assert.Equal(1, (int)plan["byRole"]!["ibclc"]!);
        Assert.Equal(1, (int)plan["priorAuthorizationRequired"]!["unknown"]!);
        Assert.Equal(1, (int)plan["months"]!["2025-06"]!["reports"]!);

        using var list = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/stats/plans"));
        var plans = (await list.Content.ReadFromJsonAsync<JsonObject>())!["plans"]!.AsArray();
        var listed = Assert.Single(plans, p => (string?)p!["planKey"] == planKey)!;
        Assert.Equal(1, (int)listed["reports"]!);
        Assert.Null(listed["months"]);
    }

    [Fact]
    public async Task The_same_submission_id_posted_twice_counts_once()
    {
        var insurer = SampleReports.UniqueInsurer();
        var report = SampleReports.Valid(insurer);
        var submissionId = Guid.NewGuid().ToString();
        report["submissionId"] = submissionId;

        using var first = await Client.PostAsJsonAsync("/api/reports", report);
        using var second = await Client.PostAsJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(submissionId, (string?)(await second.Content.ReadFromJsonAsync<JsonObject>())!["reportId"]);
        await fixture.WaitForQueueDrainedAsync();
        var plan = await fixture.PlanAsync(PlanKeys.Unverified(insurer, null));
        Assert.Equal(1, (int)plan!["reports"]!);
    }

    [Fact]
    public async Task An_invalid_report_returns_a_problem_naming_every_bad_field()
    {
        var report = SampleReports.Valid("Aetna");
        report["setting"] = "garage";
        report["serviceMonth"] = "2009-12";
        report["state"] = "XX";
        report["favouriteColour"] = "blue";

        using var response = await Client.PostAsJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)problem["status"]!);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["favouriteColour", "serviceMonth", "setting", "state"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{\"reporterRole\": \"ibclc\",", "line 1")]
    [InlineData("{\n  \"insurer\": \"Aetna\"\n  \"state\": \"MA\"\n}", "line 3")]
    [InlineData("", "line 1")]
    public async Task Malformed_json_returns_a_problem_saying_where(string body, string where)
    {
        using var response = await Client.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(where, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_64_KiB_returns_413_problem()
    {
        var report = SampleReports.Valid("Aetna");
        report["narrative"] = new string('x', 70_000);

        using var response = await Client.PostAsJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
    }

    [Fact]
    public async Task Another_content_type_returns_415_problem()
    {
        using var response = await Client.PostAsync("/api/reports", new StringContent(SampleReports.Valid("Aetna").ToJsonString(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(415, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
    }

    [Theory]
    [InlineData("/api/stats/plans", null)]
    [InlineData("/api/stats/plans", "wrong-key")]
    [InlineData("/api/stats/plans/some-plan-0000000000", null)]
    [InlineData("/api/stats/plans/some-plan-0000000000", "wrong-key")]
    public async Task Stats_require_the_function_key(string path, string? key)
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

    [Fact]
    public async Task A_credential_in_the_url_is_refused_so_that_no_secret_is_ever_put_in_one()
    {
        using var response = await Client.GetAsync($"/api/stats/plans?code={ServiceFixture.FunctionKey}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("no-such-plan-0000000000")]
    [InlineData("NOT%20A%20KEY")]
    public async Task An_unknown_plan_returns_404_problem(string planKey)
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, $"/api/stats/plans/{planKey}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_says_storage_is_reachable()
    {
        using var response = await Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal("reachable", (string?)body["storage"]!["queue"]);
        Assert.Equal("reachable", (string?)body["storage"]!["table"]);
    }
}
