using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Survey.Tests.Infrastructure;

/// <summary>One HTTP function as the generated functions.metadata declares it.</summary>
internal sealed record FunctionRoute(string Name, IReadOnlyList<string> Methods, string Route, bool Anonymous)
{
    /// <summary>The request path, every route parameter filled with a plan key the catalogue knows.</summary>
    public string Path => "/api/" + Regex.Replace(Route, @"\{[^}]+\}", "bcbs-ma");
}

/// <summary>Every HTTP route of the app, read from functions.metadata, so routes added later are walked too.</summary>
internal static class FunctionRoutes
{
    public static IReadOnlyList<FunctionRoute> All { get; } = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray()
        .Select(f => (Name: (string)f!["name"]!, Trigger: f["bindings"]!.AsArray().FirstOrDefault(b => (string?)b!["type"] == "httpTrigger")))
        .Where(f => f.Trigger is not null)
        .Select(f => new FunctionRoute(
            f.Name,
            f.Trigger!["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList(),
            (string)f.Trigger["route"]!,
            string.Equals((string?)f.Trigger["authLevel"], "Anonymous", StringComparison.OrdinalIgnoreCase)))
        .ToList();

    /// <summary>Each (method, path) a route takes; the key header is added for keyed routes.</summary>
    public static HttpRequestMessage Request(FunctionRoute route, string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Path);
        if (!route.Anonymous)
        {
            request.Headers.Add("x-functions-key", ServiceFixture.FunctionKey);
        }

        return request;
    }
}
