using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Functions.Reports;

/// <summary>
/// Withdraws a report with its withdrawal code: JSON <c>{ "code": "…" }</c> (202 or a problem), or the withdraw
/// page's form post, answered with HTML. A well-formed code is accepted whether or not it belongs to a report.
/// </summary>
public sealed class WithdrawReport(ReportWithdrawals withdrawals)
{
    [Function(nameof(WithdrawReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports/withdraw")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReportIntake.IsForm(request.ContentType))
        {
            var form = await withdrawals.WithdrawFormAsync(request.Body, request.Headers.AcceptLanguage.ToString(), cancellationToken);
            return form.Result switch
            {
                WithdrawalResult.Accepted => HtmlResponses.Form(request, StatusCodes.Status200OK, WithdrawPage.RenderDone(form.Language)),
                WithdrawalResult.Invalid => HtmlResponses.Form(request, StatusCodes.Status400BadRequest, WithdrawPage.Render(form.Language, form.Typed, invalid: true)),
                WithdrawalResult.Unavailable unavailable => RetryLater(request, unavailable.RetryAfterSeconds),
                _ => throw new InvalidOperationException($"Unhandled withdrawal result {form.Result.GetType().Name}."),
            };
        }

        var (body, problem) = await JsonBody.ReadAsync<WithdrawRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await withdrawals.WithdrawAsync(body!.Code, cancellationToken);
        return result switch
        {
            WithdrawalResult.Accepted => new ObjectResult(new { status = "queued" }) { StatusCode = StatusCodes.Status202Accepted },
            WithdrawalResult.Invalid invalid => Problems.Validation(invalid.Errors, "The withdrawal code is not valid."),
            WithdrawalResult.Unavailable unavailable => RetryLater(request, unavailable.RetryAfterSeconds),
            _ => throw new InvalidOperationException($"Unhandled withdrawal result {result.GetType().Name}."),
        };
    }

    private static ObjectResult RetryLater(HttpRequest request, int retryAfterSeconds)
    {
        request.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Storage is busy; the withdrawal was not taken.", "Nothing was saved. Send the same code again after the Retry-After delay.");
    }
}

/// <summary>The body of <c>POST /api/reports/withdraw</c>.</summary>
public sealed record WithdrawRequest(string? Code);
