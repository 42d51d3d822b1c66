using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;

namespace Survey.Functions.Routing;

/// <summary>
/// Every request under the route prefix that no function takes: unknown paths (404) and known paths with a method
/// they do not take (405 with <c>Allow</c>), as problem documents, where the Functions host's own answer would be an
/// empty 404. The host maps function routes in the order of the functions' names and the first match wins (its
/// log: "Mapped function route …"), so this catch-all's name must sort after every other: <see cref="Name"/>.
/// </summary>
public static class NoSuchRoute
{
    /// <summary>Sorts last (ordinal, ignoring case) among the app's functions; a test keeps it so.</summary>
    public const string Name = "ZzNoSuchRoute";

    private static readonly IReadOnlyList<(TemplateMatcher Matcher, string[] Methods)> Routes = typeof(NoSuchRoute).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods())
        .SelectMany(m => m.GetParameters())
        .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
        .Where(a => a?.Route is { } route && !route.StartsWith("{*", StringComparison.Ordinal))
        .Select(a => (new TemplateMatcher(TemplateParser.Parse(a!.Route!), new RouteValueDictionary()), a.Methods!.Select(m => m.ToUpperInvariant()).ToArray()))
        .ToList();

    [Function("ZzNoSuchRoute")]
    public static IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = Allowed("/" + path);
        if (allowed.Count == 0)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "There is no such route.", "See /api/openapi.json for the routes of this API.");
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return Problems.Create(StatusCodes.Status405MethodNotAllowed, "This route does not take that method.", "Allowed: " + string.Join(", ", allowed) + ".");
    }

    /// <summary>The methods the functions take on <paramref name="path"/> (relative to the route prefix), in a stable order.</summary>
    internal static IReadOnlyList<string> Allowed(string path)
        => [.. Routes.Where(r => r.Matcher.TryMatch(path, [])).SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
