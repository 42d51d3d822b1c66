using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Letters;
using Survey.Shared.Reports;

namespace Survey.Functions.Letters;

/// <summary>
/// The letters of a report, recomputed from a post of the letters form (or of the report form): the printable page
/// of one letter, or the letters section on a page of its own (the form script shows it after a 202). Stores nothing.
/// </summary>
public sealed class PrepareLetters(LetterService letters)
{
    [Function(nameof(PrepareLetters))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "letters")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReportIntake.IsForm(request.ContentType))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", "Post the letters form (application/x-www-form-urlencoded, UTF-8).");
        }

        var answer = await letters.AnswerAsync(request.Body, request.Headers.AcceptLanguage.ToString(), cancellationToken);
        return HtmlResponses.Form(request, answer.Status, answer.Html);
    }
}
