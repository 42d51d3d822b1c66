using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Functions.Reports;
using Survey.Shared.Campaigns;
using Survey.Shared.Forms;
using Survey.Shared.Letters;
using Survey.Shared.Reports;

namespace Survey.Functions.Campaigns;

/// <summary>
/// A report through a personal link: the form post (HTML answers, or JSON when the form's script asks) or JSON (202 or a problem),
/// exactly as <c>POST /api/reports</c>, once per invitation; a link that does not take it answers the kind 410 page
/// (the JSON path a 410 problem).
/// </summary>
public sealed class SubmitSurveyLink(LinkService links, LetterService letters)
{
    [Function(nameof(SubmitSurveyLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "s/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReportIntake.IsForm(request.ContentType))
        {
            var form = await links.SubmitFormAsync(token, request.ContentType, request.Body, cancellationToken);
            if (IntakeAnswers.WantsJson(request))
            {
                return AnswerJson(request, form.Result);
            }

            return form.Result is IntakeResult.Refused
                ? LinkPages.Refused(request)
                : IntakeAnswers.AnswerForm(request, form, LinkPages.SurveyPath(token), letters);
        }

        return AnswerJson(request, await links.SubmitJsonAsync(token, request.ContentType, request.Body, cancellationToken));
    }

    private static IActionResult AnswerJson(HttpRequest request, IntakeResult result)
        => result is IntakeResult.Refused
            ? Problems.Create(StatusCodes.Status410Gone, "This link can no longer be used.", "Send the report with the general form instead.")
            : IntakeAnswers.AnswerJson(request, result);
}
