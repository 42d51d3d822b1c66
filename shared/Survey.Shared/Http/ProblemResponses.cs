using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Survey.Shared.Http;

/// <summary>Writes a problem document (RFC 9457) straight to a response, for answers given before a function runs.</summary>
public static class ProblemResponses
{
    public static Task WriteAsync(HttpResponse response, int status, string title, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = ProblemTypes.For(status) };
        response.StatusCode = status;
        return response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", response.HttpContext.RequestAborted);
    }
}
