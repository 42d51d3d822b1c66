using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Shared.Http;

namespace Survey.Functions.Http;

/// <summary>RFC 9457 problem details for every error the functions answer.</summary>
public static class Problems
{
    public static ObjectResult Create(int status, string title, string? detail = null)
        => Result(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = ProblemTypes.For(status) });

    public static ObjectResult Validation(IReadOnlyDictionary<string, string[]> errors, string title)
        => Result(new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Type = ProblemTypes.For(StatusCodes.Status400BadRequest),
        });

    /// <summary>The 500 answer for an unexpected error: no internals.</summary>
    public static ProblemDetails Unexpected() => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "Something went wrong on our side.",
        Detail = "The error was logged. Please try again later.",
        Type = ProblemTypes.For(StatusCodes.Status500InternalServerError),
    };

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { "application/problem+json" },
    };
}
