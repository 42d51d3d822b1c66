using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Shared.Plans;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Stats;

[Collection(ServiceGroup.Name)]
public sealed class PublicStatsApiTests(ServiceFixture fixture)
{
    // A month and state no other test reports in; the plan (TRICARE For Life) is used by this test only.
    private const string Month = "2011-03";
    private const string State = "AK";
    private const string Query = "/api/public/stats";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Public_stats_are_anonymous_cacheable_catalogue_only_and_suppress_small_counts()
    {
        var secret = $"Narrative {Guid.NewGuid():N}: the twins were born at home and the plan refused.";
        var email = $"parent-{Guid.NewGuid():N}@example.org";
        var unverified = SampleReports.UniqueInsurer("Public Stats Unverified");

        // 13 reports for TRICARE For Life: 11 home visits covered (IBCLCs), 2 office visits denied (families).
        var reports = Enumerable.Range(0, 11).Select(_ => Report("TRICARE", "For Life", "home", "covered-in-full", "ibclc"))
            .Concat(Enumerable.Range(0, 2).Select(_ => Report("TRICARE", "For Life", "office", "denied", "family")))
            .Append(Report(unverified, "Gold", "home", "denied", "family"));
        foreach (var report in reports)
        {
            report["narrative"] = secret;
            report["contactEmail"] = email;
            report["consentToQuote"] = true;
            using var posted = await Client.PostAsJsonAsync("/api/reports", report);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await fixture.WaitForQueueDrainedAsync();
        await Eventually.ReadAsync(() => fixture.PlanAsync(PlanKeys.Unverified(unverified, "Gold")), p => p is not null, "the unverified report is counted");
        await TakeSnapshotAsync();

        using var response = await Client.GetAsync(Query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl?.MaxAge);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("twins", body, StringComparison.Ordinal);
        Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(unverified, body, StringComparison.Ordinal);

        var answer = JsonNode.Parse(body)!;
        Assert.NotNull((DateTimeOffset?)answer["asOf"]);
        Assert.Equal(10, (int)answer["suppressBelowOrEqual"]!);
        var plans = answer["plans"]!.AsArray();
        Assert.DoesNotContain(plans, p => ((string?)p!["planKey"])!.StartsWith("unverified-", StringComparison.Ordinal));
        var plan = Assert.Single(plans, p => (string?)p!["planKey"] == "tricare-for-life")!;
        Assert.Equal("TRICARE", (string?)plan["insurer"]);
        Assert.Equal("TRICARE For Life", (string?)plan["plan"]);
        // Published counts carry the cell-key noise (at most 2 either way); the same 13 reports give the same number.
        Assert.InRange((int)plan["reports"]!, 11, 15);
        Assert.Equal((int)plan["reports"]!, (int)plan["priorAuthorizationRequired"]!["unknown"]!);
        Assert.Equal(0, (int)plan["priorAuthorizationRequired"]!["yes"]!);
        Assert.Equal(0, (int)plan["bySetting"]!["office"]!["outcomes"]!["pending"]!);

        // The 2 (office, denied, family) are small; 13 − 11 would give them away, so the 11s go too.
        Assert.Equal(
            [
                "bySetting.home.reports", "bySetting.home.outcomes.covered-in-full",
                "bySetting.office.reports", "bySetting.office.outcomes.denied",
                "byRole.ibclc", "byRole.family",
            ],
            plan["suppressed"]!.AsArray().Select(p => (string)p!));
        Assert.Null(plan["bySetting"]!["office"]!["reports"]);
        Assert.Null(plan["bySetting"]!["office"]!["outcomes"]!["denied"]);
        Assert.Null(plan["bySetting"]!["home"]!["reports"]);
        Assert.Null(plan["byRole"]!["family"]);
        Assert.Null(plan["byRole"]!["ibclc"]);
        Assert.Null(plan["rates"]);
        Assert.Null(plan["outOfPocket"]);
        Assert.Null(plan["verified"]);
    }

    [Fact]
    public async Task Reports_padded_into_a_suppressed_cell_do_not_show_until_the_next_snapshot_and_then_only_with_noise()
    {
        // 12 home visits covered (IBCLCs) and 3 office visits denied (families) for Commonwealth Care Alliance One Care
        // (used by this test only): the 3 are suppressed.
        var reports = Enumerable.Range(0, 12).Select(_ => Report("Commonwealth Care Alliance", "One Care", "home", "covered-in-full", "ibclc"))
            .Concat(Enumerable.Range(0, 3).Select(_ => Report("Commonwealth Care Alliance", "One Care", "office", "denied", "family")));
        await PostAllAsync(reports);
        await fixture.WaitForQueueDrainedAsync();
        var before = await TakeSnapshotAsync();
        var published = OneCare(before);
        Assert.Null(published["bySetting"]!["office"]!["reports"]);

        // The padder adds 8 office visits (3 + 8 = 11, above the threshold), reads, and withdraws them.
        var codes = await PostAllAsync(Enumerable.Range(0, 8).Select(_ => Report("Commonwealth Care Alliance", "One Care", "office", "denied", "family")));
        await fixture.WaitForQueueDrainedAsync();
        await Eventually.ReadAsync(() => fixture.PlanAsync(OneCareKey(before)), p => p is not null && (int)p["reports"]! == 23, "the padding is counted");
        var padded = await ReadAsync();
        Assert.Equal(before.ToJsonString(), padded.ToJsonString());

        // The next snapshot shows the padded cell, but with noise from its cell key: 11 ± 2, never below 11.
        var next = await TakeSnapshotAsync();
        Assert.True((DateTimeOffset)next["asOf"]! > (DateTimeOffset)before["asOf"]!);
        var office = (int)OneCare(next)["bySetting"]!["office"]!["reports"]!;
        Assert.InRange(office, 11, 13);

        foreach (var code in codes)
        {
            using var withdrawn = await Client.PostAsJsonAsync("/api/reports/withdraw", new { code });
            Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        }

        await fixture.WaitForQueueDrainedAsync();
        await Eventually.ReadAsync(() => fixture.PlanAsync(OneCareKey(before)), p => p is not null && (int)p["reports"]! == 15, "the padding is withdrawn");
        Assert.Equal(next.ToJsonString(), (await ReadAsync()).ToJsonString());

        // Without the padding, the next snapshot is the first one's numbers again: the same reports, the same noise.
        var after = await TakeSnapshotAsync();
        Assert.Equal(published.ToJsonString(), OneCare(after).ToJsonString());
    }

    [Fact]
    public async Task Filters_are_refused_so_two_answers_cannot_be_subtracted()
    {
        using var response = await Client.GetAsync("/api/public/stats?from=2025-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(["from"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    private static JsonNode OneCare(JsonNode answer)
        => Assert.Single(answer["plans"]!.AsArray(), p => (string?)p!["insurer"] == "Commonwealth Care Alliance" && ((string?)p["plan"])?.EndsWith("One Care", StringComparison.Ordinal) == true)!;

    private static string OneCareKey(JsonNode answer) => (string)OneCare(answer)["planKey"]!;

    private async Task<List<string>> PostAllAsync(IEnumerable<JsonObject> reports)
    {
        var codes = new List<string>();
        foreach (var report in reports)
        {
            using var posted = await Client.PostAsJsonAsync("/api/reports", report);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            codes.Add((string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["withdrawalCode"]!);
        }

        return codes;
    }

    private async Task<JsonNode> ReadAsync()
    {
        using var response = await Client.GetAsync(Query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Runs the snapshot timer now, as the committee's operator does (<c>POST /admin/functions/SnapshotPublicStats</c>), and reads the new snapshot.</summary>
    private async Task<JsonNode> TakeSnapshotAsync()
    {
        var previous = (string?)(await ReadAsync())["asOf"];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/SnapshotPublicStats");
        request.Headers.Add("x-functions-key", FunctionRoutes.RunnerMasterKey);
        request.Content = JsonContent.Create(new JsonObject { ["input"] = string.Empty });
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Eventually.ReadAsync(ReadAsync, a => a["asOf"] is not null && (string?)a["asOf"] != previous, "a new snapshot is published",
            timeout: TimeSpan.FromMinutes(3),
            diagnostics: () => "The runner logged: " + string.Join(Environment.NewLine, fixture.Log.Lines.Where(l => l.Contains("SnapshotPublicStats", StringComparison.Ordinal))));
    }

    private static JsonObject Report(string insurer, string plan, string setting, string outcome, string role)
    {
        var report = SampleReports.Valid(insurer, plan, setting, outcome, Month, role);
        report["state"] = State;
        return report;
    }
}
