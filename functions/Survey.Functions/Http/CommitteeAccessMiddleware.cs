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
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (FunctionTriggers.NeedsKey(context) && context.GetHttpContext() is { } http)
        {
            var request = await context.GetHttpRequestDataAsync();
            http.User = new ClaimsPrincipal(request?.Identities ?? []);
            await access.RecordAsync(http.User, context.FunctionDefinition.Name, http.Request.Method, http.Request.Path, http.Request.Query, context.CancellationToken);
        }

        await next(context);
    }
}
