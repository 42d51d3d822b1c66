using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Functions;

/// <summary>Several named committee keys, each revocable on its own, and an access log of who read what.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CommitteeKeysTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string Alice = "alice-key-0123456789";
    private const string Bob = "bob-key-9876543210";
    private InProcessRunner _runner = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runner = await InProcessRunner.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
        {
                ["Local:FunctionKeys:alice"] = Alice,
                ["Local:FunctionKeys:bob"] = Bob,
        }.Concat(ServiceFixture.SecondRunner));
        _client = _runner.Client;
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task Every_committee_route_refuses_a_missing_wrong_or_revoked_key()
    {
        Revoke("bob");
        var routes = CommitteeRoutes();
        Assert.NotEmpty(routes);

        foreach (var (method, path) in routes)
        {
            foreach (var key in new[] { null, "wrong-key-000000", Bob })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                if (key is not null)
                {
                    request.Headers.Add("x-functions-key", key);
                }

                using var response = await _client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key '{key}' gave {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Revoking_one_members_key_leaves_the_others_working()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/stats/plans", Alice)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/stats/plans", Bob)).StatusCode);

        Revoke("bob");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/stats/plans", Alice)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/stats/plans", Bob)).StatusCode);
    }

    [Fact]
    public async Task Every_committee_read_is_recorded_with_who_what_and_when_but_no_key_and_no_report_content()
    {
        var narrative = $"Private story {Guid.NewGuid():N}";
        var report = SampleReports.Valid(SampleReports.UniqueInsurer());
        report["narrative"] = narrative;
        report["contactEmail"] = "private.person@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/api/reports", report)).StatusCode);
        var marker = Guid.NewGuid().ToString("N")[..8];

        using (var read = await GetAsync($"/api/stats/plans?setting=home&code={Alice}&role=ibclc&from=2025-01&state=MA&x={marker}", key: null))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var log = await GetAsync("/api/access-log", Bob);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var body = await log.Content.ReadAsStringAsync();
        var entries = JsonNode.Parse(body)!["entries"]!.AsArray();
        var entry = Assert.Single(entries, e => ((string?)e!["query"])!.Contains(marker, StringComparison.Ordinal))!;
        Assert.Equal("alice", (string?)entry["who"]);
        Assert.Equal("ListPlanStats", (string?)entry["function"]);
        Assert.Equal("GET", (string?)entry["method"]);
        Assert.Equal("/api/stats/plans", (string?)entry["path"]);
        Assert.Contains("setting=home", (string?)entry["query"], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse((string)entry["when"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.MinValue);
        Assert.DoesNotContain(Alice, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Bob, body, StringComparison.Ordinal);
        Assert.DoesNotContain(narrative, body, StringComparison.Ordinal);
        Assert.DoesNotContain("private.person@example.org", body, StringComparison.Ordinal);
    }

    private void Revoke(string name)
    {
        _runner.App.Configuration[$"Local:FunctionKeys:{name}"] = string.Empty;
        ((IConfigurationRoot)_runner.App.Configuration).Reload();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await _client.SendAsync(request);
    }

    /// <summary>Every function-level HTTP route of the app, from the generated functions.metadata.</summary>
    private static List<(string Method, string Path)> CommitteeRoutes()
        => FunctionRoutes.All.Where(r => !r.Anonymous).SelectMany(r => r.Methods.Select(m => (m, r.Path))).ToList();
}
