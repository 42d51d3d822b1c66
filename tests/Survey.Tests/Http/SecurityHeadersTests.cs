using System.Net;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Http;

/// <summary>Walks every GET route of functions.metadata: every response is nosniff, every HTML one carries the page headers.</summary>
[Collection(ServiceGroup.Name)]
public sealed class SecurityHeadersTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Every_html_response_of_every_get_route_carries_the_security_headers_and_every_response_nosniff()
    {
        var html = new List<string>();
        foreach (var route in FunctionRoutes.All.Where(r => r.Methods.Contains("GET")))
        {
            using var request = FunctionRoutes.Request(route, "GET");
            using var response = await fixture.Client.SendAsync(request);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"GET {route.Path} ({(int)response.StatusCode}) has no nosniff");
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            html.Add(route.Name);
            var csp = Header(response, "Content-Security-Policy", route);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy", route));
            Assert.Equal("DENY", Header(response, "X-Frame-Options", route));
            Assert.Contains("camera=()", Header(response, "Permissions-Policy", route), StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        // The form, the dashboard and the brief of a catalogue plan at least.
        Assert.Superset(new HashSet<string>(["GetReportForm", "GetDashboard"]), html.ToHashSet());
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/api/form/assets/form.css")]
    public async Task Every_other_response_is_nosniff_too(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problem_documents_whatever_the_client_accepts()
    {
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-route");
        unknown.Headers.Add("Accept", "text/html");
        using var notFound = await fixture.Client.SendAsync(unknown);
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/reports");
        wrong.Headers.Add("Accept", "text/html");
        using var notAllowed = await fixture.Client.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        Assert.Equal("application/problem+json", notAllowed.Content.Headers.ContentType?.MediaType);
    }

    private static string Header(HttpResponseMessage response, string name, FunctionRoute route)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"GET {route.Path} has no {name}");
        return values.Single();
    }
}
