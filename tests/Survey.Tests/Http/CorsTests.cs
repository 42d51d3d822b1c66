using System.Net;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Http;

/// <summary>The runner's CORS: only the origins in Survey:Cors:AllowedOrigins are allowed, preflights answered per route.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CorsTests(ServiceFixture fixture) : IAsyncLifetime
{
    private const string FormOrigin = "https://form.example.org";
    private const string OtherOrigin = "https://evil.example.net";
    private InProcessRunner _runner = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runner = await InProcessRunner.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
        {
                ["Local:CommitteeKeys:tester"] = ServiceFixture.FunctionKey,
                ["Survey:Cors:AllowedOrigins:0"] = FormOrigin,
        }.Concat(ServiceFixture.SecondRunner));
        _client = _runner.Client;
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task A_preflight_from_the_forms_origin_is_allowed_with_the_routes_methods()
    {
        using var response = await _client.SendAsync(Preflight(FormOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(FormOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Content-Type", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_refused_without_an_allow_origin()
    {
        using var response = await _client.SendAsync(Preflight(OtherOrigin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(FormOrigin, true)]
    [InlineData(OtherOrigin, false)]
    [InlineData("https://form.example.org.evil.example.net", false)]
    [InlineData("null", false)]
    public async Task A_request_carries_allow_origin_only_for_a_listed_origin(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/plans");
        request.Headers.Add("Origin", origin);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Origin"));
        if (allowed)
        {
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task Without_listed_origins_no_origin_is_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/plans");
        request.Headers.Add("Origin", FormOrigin);
        using var response = await fixture.Client.SendAsync(request);
        using var preflight = await fixture.Client.SendAsync(Preflight(FormOrigin));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, preflight.StatusCode);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/reports");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
