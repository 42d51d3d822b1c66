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
    public void Every_timer_function_in_functions_metadata_runs_on_the_same_schedule()
    {
        var listeners = fixture.App.Services.GetServices<IHostedService>().OfType<TimerTriggerListener>().ToList();
        var timerFunctions = Metadata().Select(f => f!.AsObject())
            .Where(f => f["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "timerTrigger"))
            .ToList();

        Assert.NotEmpty(timerFunctions);
        foreach (var function in timerFunctions)
        {
            var trigger = function["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "timerTrigger")!;
            var listener = Assert.Single(listeners, l => l.Function.Name == (string)function["name"]!);
            // A %setting% schedule is the setting's value, as the host resolves it.
            var schedule = (string)trigger["schedule"]!;
            Assert.Equal(schedule is ['%', .. var setting, '%'] ? fixture.App.Configuration[setting] : schedule, listener.Schedule);
        }

        Assert.Equal(timerFunctions.Count, listeners.Count);
    }

    [Theory]
    [InlineData("0 30 3 * * *", "2026-11-27T03:29:59Z", "2026-11-27T03:30:00Z")]
    [InlineData("0 30 3 * * *", "2026-11-27T03:30:00Z", "2026-11-28T03:30:00Z")]
    [InlineData("*/15 * * * * *", "2026-11-27T10:00:01Z", "2026-11-27T10:00:15Z")]
    [InlineData("00:10:00", "2026-11-27T10:00:00Z", "2026-11-27T10:10:00Z")]
    public void Timer_schedules_are_read_like_the_host_reads_them(string schedule, string after, string next)
    {
        var function = fixture.App.Services.GetRequiredService<FunctionCatalog>().Functions.First(f => f.Timer is not null) with
        {
            Timer = new TimerTriggerInfo(schedule, RunOnStartup: false),
        };
        var listener = ActivatorUtilities.CreateInstance<TimerTriggerListener>(fixture.App.Services, function);

        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), listener.NextAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
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
