using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Survey.Shared.Access;

namespace Survey.Local;

/// <summary>Maps every HTTP-triggered function to a route, with the Functions host's key rule.</summary>
internal static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog, HostJson hostJson)
    {
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
        }
    }

    private static async Task InvokeAsync(FunctionDescriptor function, HttpContext context)
    {
        var needsKey = function.Http!.AuthLevel != AuthorizationLevel.Anonymous;
        var keyName = needsKey ? KeyName(context) : null;
        if (needsKey && keyName is null)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "A function key is required.",
                Detail = "Send the committee key in the x-functions-key header (or the code query parameter).",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
            };
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
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

        var givenBytes = Encoding.UTF8.GetBytes(given);
        string? match = null;
        foreach (var (name, key) in context.RequestServices.GetRequiredService<IOptionsMonitor<LocalOptions>>().CurrentValue.FunctionKeys)
        {
            // Every key is compared, so the time taken does not tell which one (or whether any) matched.
            if (key.Length > 0 && CryptographicOperations.FixedTimeEquals(givenBytes, Encoding.UTF8.GetBytes(key)))
            {
                match = name;
            }
        }

        return match;
    }
}
