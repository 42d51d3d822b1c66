using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Forms;
using Survey.Shared.Letters;
using Survey.Shared.Reports;

namespace Survey.Functions.Reports;

/// <summary>
/// Takes a report: JSON from any client (202 JSON or a problem), or the web form's
/// <c>application/x-www-form-urlencoded</c> post, answered with HTML (the thank-you page, or the form again) or, when
/// the form's script asks for it with <c>Accept: application/json</c>, as JSON.
/// </summary>
public sealed class SubmitReport(ReportIntake intake, LetterService letters)
{
    [Function(nameof(SubmitReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReportIntake.IsForm(request.ContentType))
        {
            var form = await intake.SubmitFormAsync(request.ContentType, request.Body, cancellationToken);
            return IntakeAnswers.WantsJson(request) ? IntakeAnswers.AnswerJson(request, form.Result) : IntakeAnswers.AnswerForm(request, form, FormPage.ReportsPath, letters);
        }

        return IntakeAnswers.AnswerJson(request, await intake.SubmitJsonAsync(request.ContentType, request.Body, cancellationToken));
    }
}
