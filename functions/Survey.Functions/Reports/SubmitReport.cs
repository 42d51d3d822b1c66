using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Reports;

namespace Survey.Functions.Reports;

public sealed class SubmitReport(ReportIntake intake)
{
    [Function(nameof(SubmitReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await intake.SubmitJsonAsync(request.ContentType, request.Body, cancellationToken);
        return result switch
        {
            IntakeResult.Accepted accepted => new ObjectResult(new { reportId = accepted.ReportId, status = "queued" }) { StatusCode = StatusCodes.Status202Accepted },
            IntakeResult.Invalid invalid => Problems.Validation(invalid.Errors, "The report has invalid fields."),
            IntakeResult.Malformed malformed => Problems.Create(StatusCodes.Status400BadRequest, "The body is not valid JSON.", malformed.Detail),
            IntakeResult.TooLarge tooLarge => Problems.Create(StatusCodes.Status413PayloadTooLarge, "The report is too large.", $"A report body may be at most {tooLarge.LimitBytes / 1024} KiB."),
            IntakeResult.UnsupportedMediaType => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", "Send the report as application/json (UTF-8)."),
            IntakeResult.Unavailable unavailable => RetryLater(request, unavailable.RetryAfterSeconds),
            _ => throw new InvalidOperationException($"Unhandled intake result {result.GetType().Name}."),
        };
    }

    private static ObjectResult RetryLater(HttpRequest request, int retryAfterSeconds)
    {
        request.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Storage is busy; the report was not taken.", "Nothing was saved. Send the same report again (with the same submissionId) after the Retry-After delay.");
    }
}
