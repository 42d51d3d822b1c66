using System.Net;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Reports;

[Collection(ServiceGroup.Name)]
public sealed class OpenApiTests(ServiceFixture fixture)
{
    private static readonly string RepoDocument = Path.Combine(Repository.Root, "functions", "Survey.Functions", "openapi.json");

    [Fact]
    public async Task The_served_document_is_the_one_kept_in_the_repo()
    {
        using var response = await fixture.Client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(RepoDocument), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_without_errors_or_warnings()
    {
        await using var stream = File.OpenRead(RepoDocument);
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream);

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Empty(diagnostic.Warnings);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
    }

    [Fact]
    public async Task Its_operations_and_the_http_functions_in_functions_metadata_are_the_same_set()
    {
        await using var stream = File.OpenRead(RepoDocument);
        var (document, _) = await OpenApiDocument.LoadAsync(stream);
        var documented = document!.Paths
            .SelectMany(p => p.Value.Operations!.Select(o => $"{o.Key.Method.ToUpperInvariant()} {p.Key} {o.Value.OperationId}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var functions = metadata
            .SelectMany(f =>
            {
                var trigger = f!["bindings"]!.AsArray().FirstOrDefault(b => (string?)b!["type"] == "httpTrigger");
                return trigger is null || ((string)trigger["route"]!).StartsWith("{*", StringComparison.Ordinal)
                    ? []
                    : trigger["methods"]!.AsArray().Select(m => $"{((string)m!).ToUpperInvariant()} /api/{(string?)trigger["route"]} {(string)f["name"]!}");
            })
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(functions, documented);
    }

    [Fact]
    public void The_catch_all_route_sorts_after_every_other_function_because_the_host_maps_routes_in_name_order()
    {
        var names = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray().Select(f => (string)f!["name"]!).ToList();
        Assert.Contains(Survey.Functions.Routing.NoSuchRoute.Name, names);
        Assert.Equal(Survey.Functions.Routing.NoSuchRoute.Name, names.Order(StringComparer.OrdinalIgnoreCase).Last());
    }
}
