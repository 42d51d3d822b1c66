using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Survey.Shared.Access;

namespace Survey.Functions.Http;

/// <summary>
/// Records every request to a function-key route in the access log (the local runner does the same in
/// its own pipeline). The host has already checked the key; it names the key in the request's key identity.
/// </summary>
internal sealed class CommitteeAccessMiddleware(CommitteeAccess access) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> KeyProtected = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (KeyProtected.GetOrAdd(context.FunctionDefinition.EntryPoint, NeedsKey) && context.GetHttpContext() is { } http)
        {
            var request = await context.GetHttpRequestDataAsync();
            http.User = new ClaimsPrincipal(request?.Identities ?? []);
            await access.RecordAsync(http.User, context.FunctionDefinition.Name, http.Request.Method, http.Request.Path, http.Request.Query, context.CancellationToken);
        }

        await next(context);
    }

    /// <summary>Whether the function's HTTP trigger demands a key, read from its attribute.</summary>
    private static bool NeedsKey(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var method = typeof(CommitteeAccessMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
        var trigger = method?.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
        return trigger is not null && trigger.AuthLevel != AuthorizationLevel.Anonymous;
    }
}
