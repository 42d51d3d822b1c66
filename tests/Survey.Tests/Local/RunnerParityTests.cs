using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Local;

[Collection(ServiceGroup.Name)]
public sealed class RunnerParityTests(ServiceFixture fixture)
{
    /// <summary>The functions.metadata the Worker SDK generated for the app (copied here by the build).</summary>
    private static JsonArray Metadata()
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();

    [Fact]
    public void The_metadata_describes_the_functions_app()
    {
        var metadata = Metadata();
        Assert.NotEmpty(metadata);
        Assert.All(metadata, f => Assert.Equal("Survey.Functions.dll", (string?)f!["scriptFile"]));
    }

    [Fact]
    public void Every_http_function_in_functions_metadata_is_served_with_the_same_route_methods_and_auth_level()
    {
        var hostJson = fixture.App.Services.GetRequiredService<HostJson>();
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var httpFunctions = Metadata().Select(f => f!.AsObject())
            .Where(f => f["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "httpTrigger"))
            .ToList();

        Assert.NotEmpty(httpFunctions);
        foreach (var function in httpFunctions)
        {
            var name = (string)function["name"]!;
            var trigger = function["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "httpTrigger")!;
            var endpoint = Assert.Single(endpoints, e => e.Metadata.GetMetadata<FunctionDescriptor>()?.Name == name);

            Assert.Equal($"/{hostJson.RoutePrefix}/{(string?)trigger["route"] ?? name}", endpoint.RoutePattern.RawText);
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods;
            Assert.Equal(trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()).Order(), methods.Order());
            Assert.Equal((string?)trigger["authLevel"], endpoint.Metadata.GetMetadata<FunctionDescriptor>()!.Http!.AuthLevel.ToString());
        }

        // ...and the runner serves nothing the app does not declare.
        Assert.Equal(
            httpFunctions.Select(f => (string)f["name"]!).Order(),
            endpoints.Select(e => e.Metadata.GetMetadata<FunctionDescriptor>()?.Name).OfType<string>().Order());
    }

    [Fact]
    public void Every_queue_function_in_functions_metadata_has_a_listener_on_the_same_queue()
    {
        var listeners = fixture.App.Services.GetServices<IHostedService>().OfType<QueueTriggerListener>().ToList();
        var queueFunctions = Metadata().Select(f => f!.AsObject())
            .Where(f => f["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "queueTrigger"))
            .ToList();

        Assert.NotEmpty(queueFunctions);
        foreach (var function in queueFunctions)
        {
            var trigger = function["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "queueTrigger")!;
            var listener = Assert.Single(listeners, l => l.Function.Name == (string)function["name"]!);
            Assert.Equal((string?)trigger["queueName"], listener.Function.Queue!.QueueName);
        }

        Assert.Equal(queueFunctions.Count, listeners.Count);
    }

    [Fact]
    public void Every_function_in_the_metadata_is_in_the_runner_catalog_and_no_other()
    {
        var catalog = fixture.App.Services.GetRequiredService<FunctionCatalog>();
        Assert.Equal(
            Metadata().Select(f => (string)f!["name"]!).Order(),
            catalog.Functions.Select(f => f.Name).Order());
    }
}
