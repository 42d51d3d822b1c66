using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Survey.Shared.Access;
using Survey.Shared.Http;

namespace Survey.Local;

/// <summary>Maps every HTTP-triggered function to a route, with the Functions host's key rule.</summary>
internal static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog, HostJson hostJson)
    {
        var preflights = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in catalog.Functions.Where(f => f.Http is not null))
        {
            var http = function.Http!;
            var pattern = "/" + string.Join('/', new[] { hostJson.RoutePrefix, http.Route }.Where(p => !string.IsNullOrEmpty(p)).Select(p => p.Trim('/')));
            foreach (var parameter in function.Method.GetParameters())
            {
                if (parameter.ParameterType != typeof(HttpRequest) && parameter.ParameterType != typeof(CancellationToken)
                    && !(parameter.ParameterType == typeof(string) && pattern.Contains('{' + parameter.Name + '}', StringComparison.Ordinal)))
                {
                    throw FunctionInvoker.Unbindable(function, parameter);
                }
            }

            app.MapMethods(pattern, http.Methods, context => InvokeAsync(function, context))
                .WithName(function.Name)
                .WithMetadata(function);
            preflights.TryAdd(pattern, []);
            preflights[pattern].AddRange(http.Methods);
        }

        // The platform answers CORS preflights in Azure; here each route answers its own, with the methods it takes.
        foreach (var (pattern, methods) in preflights)
        {
            app.MapMethods(pattern, [HttpMethods.Options], context => context.RequestServices.GetRequiredService<CorsPolicy>().AnswerPreflightAsync(context, methods));
        }
    }

    private static async Task InvokeAsync(FunctionDescriptor function, HttpContext context)
    {
        KeyInQuery.RevealLinkToken(context);

        // The worker's middlewares, in the same order: the host's key check, then the shared guard.
        context.RequestServices.GetRequiredService<CorsPolicy>().Apply(context);
        var needsKey = function.Http!.AuthLevel != AuthorizationLevel.Anonymous;
        var keyName = needsKey ? KeyName(context) : null;
        if (needsKey && keyName is null)
        {
            await ProblemResponses.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "A function key is required.",
                "Send the committee key in the x-functions-key header (or the code query parameter).");
            return;
        }

        if (!await context.RequestServices.GetRequiredService<RequestGuard>().AdmitAsync(context, anonymous: !needsKey))
        {
            return;
        }

        if (keyName is not null)
        {
            // Like the Functions host: the caller is the key's identity, and the committee's read is recorded.
            context.User = CommitteeAccess.Principal(keyName);
            await context.RequestServices.GetRequiredService<CommitteeAccess>().RecordAsync(context.User, function.Name, context.Request.Method, context.Request.Path, context.Request.Query, context.RequestAborted);
        }

        var result = await FunctionInvoker.InvokeAsync(function, context.RequestServices, parameter =>
            parameter.ParameterType == typeof(HttpRequest) ? context.Request
            : parameter.ParameterType == typeof(CancellationToken) ? context.RequestAborted
            : context.GetRouteValue(parameter.Name!)?.ToString());

        if (result is IActionResult actionResult)
        {
            await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
    }

    /// <summary>The name of the key the request carries, or null; compares in constant time, so a key cannot be guessed from timings.</summary>
    private static string? KeyName(HttpContext context)
    {
        var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(given))
        {
            return null;
        }

        string? match = null;
        foreach (var (name, key) in context.RequestServices.GetRequiredService<IOptionsMonitor<LocalOptions>>().CurrentValue.FunctionKeys)
        {
            // Every key is compared, so the time taken does not tell which one (or whether any) matched.
            if (Secrets.FixedTimeEquals(given, key))
            {
                match = name;
            }
        }

        return match;
    }
}
