using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Survey.Shared.Access;
using Survey.Shared.Forms;
using Survey.Shared.Http;
using Survey.Shared.Reports;

namespace Survey.Local;

/// <summary>
/// Maps every HTTP-triggered function to a route, and answers as the Functions host does before a function runs:
/// the client address in <c>X-Forwarded-For</c>, the master key on admin routes (an empty 401 otherwise), and
/// <c>POST /admin/functions/{name}</c> to run a timer now. Then the app's own checks, as in the worker.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public const string MasterKeyHeader = "x-functions-key";

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
                    && !(parameter.ParameterType == typeof(string) && (pattern.Contains('{' + parameter.Name + '}', StringComparison.Ordinal) || pattern.Contains("{*" + parameter.Name + '}', StringComparison.Ordinal))))
                {
                    throw FunctionInvoker.Unbindable(function, parameter);
                }
            }

            app.MapMethods(pattern, http.Methods, context => InvokeAsync(function, context))
                .WithName(function.Name)
                .WithMetadata(function);
            if (!pattern.Contains("{*", StringComparison.Ordinal))
            {
                preflights.TryAdd(pattern, []);
                preflights[pattern].AddRange(http.Methods);
            }
        }

        // The platform answers CORS preflights in Azure; here each route answers its own, with the methods it takes.
        foreach (var (pattern, methods) in preflights)
        {
            app.MapMethods(pattern, [HttpMethods.Options], context => context.RequestServices.GetRequiredService<CorsPolicy>().AnswerPreflightAsync(context, methods));
        }

        // The host's admin API for running a non-HTTP function now (the runner: timers).
        app.MapPost("/admin/functions/{name}", RunTimerNowAsync);
    }

    /// <summary>
    /// Like the Functions host (YARP's default transform): the worker sees the address the host saw in
    /// <c>X-Forwarded-For</c>, whatever the client sent in it.
    /// </summary>
    public static Task ForwardClientAddressAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.Headers["X-Forwarded-For"] = context.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        return next(context);
    }

    private static async Task InvokeAsync(FunctionDescriptor function, HttpContext context)
    {
        KeyInQuery.RevealLinkToken(context);
        context.RequestServices.GetRequiredService<CorsPolicy>().Apply(context);

        // The host's key check: only admin (and function) levels have one; the app's committee routes are anonymous to it.
        if (function.Http!.AuthLevel != AuthorizationLevel.Anonymous && !HasMasterKey(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The worker's middlewares, in the same order: the shared guard, then the committee's gate.
        if (!await context.RequestServices.GetRequiredService<RequestGuard>().AdmitAsync(context, anonymous: !function.Committee)
            || (function.Committee && !await context.RequestServices.GetRequiredService<CommitteeGate>().AdmitAsync(context, function.Name)))
        {
            return;
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

    private static async Task RunTimerNowAsync(HttpContext context)
    {
        var name = context.GetRouteValue("name")?.ToString();
        var listener = context.RequestServices.GetServices<IHostedService>().OfType<TimerTriggerListener>()
            .FirstOrDefault(l => string.Equals(l.Function.Name, name, StringComparison.OrdinalIgnoreCase));
        if (!HasMasterKey(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (listener is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Like the host: accepted at once, the function runs in the background.
        _ = Task.Run(() => listener.RunNowAsync(context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await Task.CompletedTask;
    }

    /// <summary>The master key in <c>x-functions-key</c> (or <c>?code=</c>), compared in constant time.</summary>
    private static bool HasMasterKey(HttpContext context)
    {
        var given = context.Request.Headers[MasterKeyHeader].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
        return Secrets.FixedTimeEquals(given, context.RequestServices.GetRequiredService<IOptionsMonitor<LocalOptions>>().CurrentValue.MasterKey);
    }
}
