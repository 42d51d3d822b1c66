using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Catalogue;

[Collection(ServiceGroup.Name)]
public sealed class CatalogueApiTests(ServiceFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_public_plan_list_needs_no_key_is_cacheable_and_lists_catalogue_plans()
    {
        using var response = await Client.GetAsync("/api/plans");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public);
        var plans = (await response.Content.ReadFromJsonAsync<JsonObject>())!["plans"]!.AsArray();
        var bcbs = Assert.Single(plans, p => (string?)p!["planKey"] == "bcbs-ma-hmo-blue")!;
        Assert.Equal("Blue Cross Blue Shield of Massachusetts", (string?)bcbs["insurer"]);
        Assert.Equal("HMO Blue", (string?)bcbs["plan"]);
        Assert.Equal("hmo", (string?)bcbs["planType"]);
        Assert.DoesNotContain(plans, p => ((string?)p!["planKey"])!.StartsWith(PlanKeys.UnverifiedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_committee_adds_a_plan_and_an_alias_merges_an_unverified_name_and_reconciles()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var planKey = $"acme-{id}-gold";

        // Reports for a plan the catalogue does not know yet land on an unverified plan.
        var typed = $"Acme Health {id}";
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(typed, "Gold", month: "2025-03"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(typed, "Gold", month: "2025-04"))).StatusCode);
        await fixture.WaitForQueueDrainedAsync();
        var unverified = PlanKeys.Unverified(typed, "Gold");
        var listing = await GetAsync("/api/catalogue/plans");
        var candidate = Assert.Single(listing["unverified"]!.AsArray(), u => (string?)u!["planKey"] == unverified)!;
        Assert.Equal(2, (int)candidate["reports"]!);
        Assert.False((bool)(await fixture.PlanAsync(unverified))!["verified"]!);

        // Add the plan, then an alias; merge the unverified name into it.
        using (var add = await Client.SendAsync(Post("/api/catalogue/plans", new { planKey, insurerKey = $"acme-{id}", insurer = $"Acme Health {id}", plan = "Gold Choice", planType = "ppo", state = "ma" })))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        using (var alias = await Client.SendAsync(Post($"/api/catalogue/plans/{planKey}/aliases", new { alias = $"Acme {id} Gold Choice PPO" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, alias.StatusCode);
        }

        using var merge = await Client.SendAsync(Post($"/api/catalogue/plans/{planKey}/merge", new { source = unverified }));
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal(2, (int)(await merge.Content.ReadFromJsonAsync<JsonObject>())!["moved"]!);

        var plan = (await fixture.PlanAsync(planKey))!;
        Assert.True((bool)plan["verified"]!);
        Assert.Equal("Gold Choice", (string?)plan["plan"]);
        Assert.Equal(2, (int)plan["reports"]!);
        Assert.Equal(["2025-03", "2025-04"], plan["months"]!.AsObject().Select(m => m.Key));
        Assert.Null(await fixture.PlanAsync(unverified));

        // The alias and the merged name now count on the plan.
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid($"Acme {id} Gold Choice PPO"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/api/reports", SampleReports.Valid(typed.ToUpperInvariant(), "gold."))).StatusCode);
        await fixture.WaitForQueueDrainedAsync();
        Assert.Equal(4, (int)(await fixture.PlanAsync(planKey))!["reports"]!);

        using var reconcile = await Client.SendAsync(Post("/api/catalogue/reconcile", new { planKey }));
        Assert.Equal(HttpStatusCode.OK, reconcile.StatusCode);
        var report = (await reconcile.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)report["plansChecked"]!);
        Assert.Empty(report["drift"]!.AsArray());
    }

    [Fact]
    public async Task An_alias_that_already_names_another_plan_is_refused()
    {
        using var response = await Client.SendAsync(Post("/api/catalogue/plans/bcbs-ma-ppo/aliases", new { alias = "Harvard Pilgrim" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plan_with_a_bad_key_or_type_is_refused_naming_the_fields()
    {
        using var response = await Client.SendAsync(Post("/api/catalogue/plans", new { planKey = "Bad Key!", insurerKey = "bcbs-ma", planType = "gold" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["planKey", "planType"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Adding_a_plan_whose_key_already_exists_is_409_naming_the_existing_plan()
    {
        using var response = await Client.SendAsync(Post("/api/catalogue/plans", new { planKey = "bcbs-ma-ppo", insurerKey = "bcbs-ma", plan = $"Gold {Guid.NewGuid():N}", planType = "ppo" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"];
        Assert.Contains("'bcbs-ma-ppo'", detail, StringComparison.Ordinal);
        Assert.Contains("Blue Cross Blue Shield of Massachusetts PPO", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/catalogue/reconcile")]
    [InlineData("/api/catalogue/rebuild")]
    public async Task Reconciling_or_rebuilding_an_unknown_plan_is_404(string path)
    {
        using var response = await Client.SendAsync(Post(path, new { planKey = $"no-such-plan-{Guid.NewGuid():N}" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(16 * 1024, HttpStatusCode.NotFound)]
    [InlineData(16 * 1024 + 1, HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_catalogue_body_of_16_KiB_is_read_and_one_byte_more_is_413(int bytes, HttpStatusCode expected)
    {
        var json = "{\"alias\":\"x\"}";
        using var response = await Client.SendAsync(Raw("/api/catalogue/plans/no-such-plan/aliases", json + new string(' ', bytes - json.Length)));

        // Read whole, the body names a plan that does not exist.
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Merging_into_an_unknown_plan_is_404()
    {
        using var response = await Client.SendAsync(Post("/api/catalogue/plans/no-such-plan/merge", new { source = "unverified-x-0000000000" }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_and_unknown_fields_in_committee_bodies_are_400()
    {
        using var malformed = await Client.SendAsync(Raw("/api/catalogue/plans/bcbs-ma/aliases", "{\"alias\": "));
        using var unknown = await Client.SendAsync(Raw("/api/catalogue/plans/bcbs-ma/aliases", "{\"alias\": \"x\", \"colour\": 1}"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/catalogue/plans")]
    [InlineData("POST", "/api/catalogue/plans")]
    [InlineData("POST", "/api/catalogue/plans/bcbs-ma/aliases")]
    [InlineData("POST", "/api/catalogue/plans/bcbs-ma/merge")]
    [InlineData("POST", "/api/catalogue/reconcile")]
    [InlineData("POST", "/api/catalogue/rebuild")]
    public async Task Catalogue_routes_require_the_function_key(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static HttpRequestMessage Post(string path, object body)
    {
        var request = ServiceFixture.Committee(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body);
        return request;
    }

    private static HttpRequestMessage Raw(string path, string json)
    {
        var request = ServiceFixture.Committee(HttpMethod.Post, path);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, path));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
