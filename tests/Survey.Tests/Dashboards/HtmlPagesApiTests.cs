using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Dashboards;

[Collection(ServiceGroup.Name)]
public sealed partial class HtmlPagesApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData("/api/dashboard")]
    [InlineData("/api/stats/plans/bcbs-ma-ppo/brief")]
    public async Task The_pages_require_the_function_key(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_html_with_a_strict_policy_whose_nonce_is_new_for_each_response()
    {
        using var first = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/dashboard"));
        using var second = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/dashboard"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html; charset=utf-8", first.Content.Headers.ContentType?.ToString());
        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.Equal($"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        Assert.Contains($"<style nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(policy, second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_key_in_a_header_works_and_is_not_written_into_the_page()
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/dashboard"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(ServiceFixture.FunctionKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_brief_of_a_plan_without_reports_is_a_404_problem()
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, $"/api/stats/plans/no-such-plan-{Guid.NewGuid():N}/brief"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_malformed_change_month_is_a_problem_naming_change()
    {
        var insurer = SampleReports.UniqueInsurer("Brief Test Health");
        using var posted = await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(insurer));
        await fixture.WaitForQueueDrainedAsync();
        var planKey = Survey.Shared.Plans.PlanKeys.Unverified(insurer, null);
        await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null, "the report is counted");

        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, $"/api/stats/plans/{planKey}/brief?change=May-2025"));
        using var ok = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, $"/api/stats/plans/{planKey}/brief?change=2025-06"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["change"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains(insurer, await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_filters_are_a_problem_naming_each_one()
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/dashboard?from=2025-13&setting=garage"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["from", "setting"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
