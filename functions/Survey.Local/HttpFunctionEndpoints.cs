using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

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
        if (function.Http!.AuthLevel != AuthorizationLevel.Anonymous && !HasValidKey(context))
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

        var result = await FunctionInvoker.InvokeAsync(function, context.RequestServices, parameter =>
            parameter.ParameterType == typeof(HttpRequest) ? context.Request
            : parameter.ParameterType == typeof(CancellationToken) ? context.RequestAborted
            : context.GetRouteValue(parameter.Name!)?.ToString());

        if (result is IActionResult actionResult)
        {
            await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
    }

    /// <summary>Compares in constant time, so the key cannot be guessed byte by byte from timings.</summary>
    private static bool HasValidKey(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<IOptions<LocalOptions>>().Value.FunctionKey;
        var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
