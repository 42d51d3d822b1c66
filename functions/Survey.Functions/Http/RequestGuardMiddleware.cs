using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Survey.Shared.Forms;
using Survey.Shared.Http;
using Survey.Shared.Reports;

namespace Survey.Functions.Http;

/// <summary>
/// Every HTTP request passes the shared <see cref="RequestGuard"/> (rate limit on anonymous routes, body limit on
/// all) and gets the shared security headers; the local runner applies the same two. CORS is the platform's here.
/// </summary>
internal sealed class RequestGuardMiddleware(RequestGuard guard) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.Apply(http.Response);
            if (!await guard.AdmitAsync(http, anonymous: !FunctionTriggers.IsCommittee(context)))
            {
                return;
            }
        }

        await next(context);
    }
}
