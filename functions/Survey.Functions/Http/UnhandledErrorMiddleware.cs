using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Survey.Functions.Http;

/// <summary>
/// The one place unexpected errors of HTTP functions are caught: logged (type only, never request
/// content) and answered with a 500 problem without internals. Queue functions rethrow, so the
/// message is delivered again.
/// </summary>
internal sealed partial class UnhandledErrorMiddleware(ILogger<UnhandledErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            LogUnexpected(logger, exception, context.FunctionDefinition.Name);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await http.Response.WriteAsJsonAsync(Problems.Unexpected(), options: null, contentType: "application/problem+json");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string functionName);
}
