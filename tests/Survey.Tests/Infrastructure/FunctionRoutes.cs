using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Shared.Access;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// One HTTP function as the generated functions.metadata declares it: public, the committee's (checked by the app,
/// <see cref="CommitteeAttribute"/>), or admin (the host's master key).
/// </summary>
internal sealed record FunctionRoute(string Name, IReadOnlyList<string> Methods, string Route, bool Committee, bool Admin)
{
    /// <summary>Neither the committee's nor admin: anyone may call it (and it is rate limited).</summary>
    public bool Anonymous => !Committee && !Admin;

    /// <summary>The request path, every route parameter filled with a plan key the catalogue knows.</summary>
    public string Path => "/api/" + Regex.Replace(Route, @"\{[^}]+\}", "bcbs-ma");
}

/// <summary>
/// Every HTTP route of the app, read from functions.metadata, so routes added later are walked too — except the
/// catch-all that answers unknown routes (<c>NoSuchRoute</c>).
/// </summary>
internal static class FunctionRoutes
{
    /// <summary>The local runner's master key in its appsettings.json (the fixtures that do not set their own).</summary>
    public const string RunnerMasterKey = "local-master-key";

    public static IReadOnlyList<FunctionRoute> All { get; } = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray()
        .Select(f => (Name: (string)f!["name"]!, EntryPoint: (string)f["entryPoint"]!, Trigger: f["bindings"]!.AsArray().FirstOrDefault(b => (string?)b!["type"] == "httpTrigger")))
        .Where(f => f.Trigger is not null && !((string)f.Trigger["route"]!).StartsWith("{*", StringComparison.Ordinal))
        .Select(f => new FunctionRoute(
            f.Name,
            f.Trigger!["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList(),
            (string)f.Trigger["route"]!,
            Method(f.EntryPoint).GetCustomAttribute<CommitteeAttribute>() is not null,
            string.Equals((string?)f.Trigger["authLevel"], "Admin", StringComparison.OrdinalIgnoreCase)))
        .ToList();

    /// <summary>Each (method, path) a route takes; the committee's credential or the master key is added where the route needs one.</summary>
    public static HttpRequestMessage Request(FunctionRoute route, string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Path);
        if (route.Committee)
        {
            request.Headers.Add(CommitteeGate.HeaderName, ServiceFixture.FunctionKey);
        }
        else if (route.Admin)
        {
            request.Headers.Add("x-functions-key", RunnerMasterKey);
        }

        return request;
    }

    private static MethodInfo Method(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        return typeof(Survey.Functions.Reports.SubmitReport).Assembly.GetType(entryPoint[..split], throwOnError: true)!.GetMethod(entryPoint[(split + 1)..])!;
    }
}
