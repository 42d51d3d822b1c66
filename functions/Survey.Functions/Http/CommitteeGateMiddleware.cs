using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Survey.Shared.Access;

namespace Survey.Functions.Http;

/// <summary>
/// Committee routes are anonymous to the Functions host (whose own 401 has no body and which does not tell the
/// worker which key was used): the app checks the caller itself and records it, as the local runner does.
/// </summary>
internal sealed class CommitteeGateMiddleware(CommitteeGate gate) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (FunctionTriggers.IsCommittee(context) && context.GetHttpContext() is { } http
            && !await gate.AdmitAsync(http, context.FunctionDefinition.Name))
        {
            return;
        }

        await next(context);
    }
}
