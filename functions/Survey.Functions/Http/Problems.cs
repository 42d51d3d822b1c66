using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Survey.Functions.Http;

/// <summary>RFC 9457 problem details for every error the functions answer.</summary>
public static class Problems
{
    public static ObjectResult Create(int status, string title, string? detail = null)
        => Result(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status) });

    public static ObjectResult Validation(IReadOnlyDictionary<string, string[]> errors, string title)
        => Result(new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Type = TypeFor(StatusCodes.Status400BadRequest),
        });

    /// <summary>The 500 answer for an unexpected error: no internals.</summary>
    public static ProblemDetails Unexpected() => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "Something went wrong on our side.",
        Detail = "The error was logged. Please try again later.",
        Type = TypeFor(StatusCodes.Status500InternalServerError),
    };

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { "application/problem+json" },
    };

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        410 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.11",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    };
}
