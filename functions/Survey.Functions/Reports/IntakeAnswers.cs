using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Survey.Functions.Http;
using Survey.Shared.Forms;
using Survey.Shared.Letters;
using Survey.Shared.Reports;

namespace Survey.Functions.Reports;

/// <summary>
/// How an intake result is answered over HTTP, the same for <c>POST /api/reports</c> (<see cref="SubmitReport"/>) and
/// a personal link's post (<c>SubmitSurveyLink</c>): JSON (202 or a problem) or the form's HTML.
/// </summary>
internal static class IntakeAnswers
{
    /// <summary>
    /// Whether a form post asks for the JSON answer: the form's script posts the form as it is, so the server alone
    /// reads its answers (an amount typed as "$1,200", say), and shows the answer on the page itself.
    /// </summary>
    internal static bool WantsJson(HttpRequest request)
        => request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The JSON answer: 202 with the report id, or a problem.</summary>
    internal static IActionResult AnswerJson(HttpRequest request, IntakeResult result)
        => result switch
        {
            IntakeResult.Accepted accepted => new ObjectResult(new { reportId = accepted.ReportId, status = "queued", withdrawalCode = accepted.WithdrawalCode }) { StatusCode = StatusCodes.Status202Accepted },

            // A bot that filled the form's honeypot gets the same answer, with ids that belong to nothing.
            IntakeResult.Discarded => new ObjectResult(new { reportId = Guid.NewGuid(), status = "queued", withdrawalCode = WithdrawalCode.Decoy() }) { StatusCode = StatusCodes.Status202Accepted },
            IntakeResult.Invalid invalid => Problems.Validation(invalid.Errors, "The report has invalid fields."),
            IntakeResult.Malformed malformed => Problems.Create(StatusCodes.Status400BadRequest, "The body is not valid JSON.", malformed.Detail),
            IntakeResult.TooLarge tooLarge => Problems.Create(StatusCodes.Status413PayloadTooLarge, "The report is too large.", $"A report body may be at most {tooLarge.LimitBytes / 1024} KiB."),
            IntakeResult.UnsupportedMediaType => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", "Send the report as application/json (UTF-8)."),
            IntakeResult.Unavailable unavailable => RetryLater(request, unavailable.RetryAfterSeconds),
            _ => throw new InvalidOperationException($"Unhandled intake result {result.GetType().Name}."),
        };

    /// <summary>
    /// The form's answer, in the language the form was filled in; a form shown again posts to <paramref name="action"/>.
    /// The thank-you page offers the letters that fit the report, computed from the post (nothing more is stored).
    /// </summary>
    internal static ContentResult AnswerForm(HttpRequest request, FormIntakeResult form, string action, LetterService letters)
    {
        var language = FormLanguages.Choose(form.Values.Get("language"), request.Headers.AcceptLanguage.ToString());
        return form.Result switch
        {
            IntakeResult.Accepted accepted => HtmlResponses.Form(request, StatusCodes.Status200OK, FormPage.RenderThanks(language, accepted.WithdrawalCode ?? string.Empty, letters.ThanksSection(form.Values, language))),

            // A bot that filled the honeypot sees the same page, with a code that belongs to nothing.
            IntakeResult.Discarded => HtmlResponses.Form(request, StatusCodes.Status200OK, FormPage.RenderThanks(language, WithdrawalCode.Decoy(), letters.ThanksSection(form.Values, language))),
            IntakeResult.Invalid invalid => HtmlResponses.Form(request, StatusCodes.Status400BadRequest, FormPage.Render(language, form.Values, invalid.Errors, action: action)),
            IntakeResult.Unavailable unavailable => BusyForm(request, language, form.Values, unavailable.RetryAfterSeconds, action),
            IntakeResult.TooLarge => HtmlResponses.Form(request, StatusCodes.Status413PayloadTooLarge, FormPage.Render(language, form.Values, notice: FormNotice.TooLarge, action: action)),
            IntakeResult.Malformed => HtmlResponses.Form(request, StatusCodes.Status400BadRequest, FormPage.Render(language, form.Values, notice: FormNotice.General, action: action)),
            _ => throw new InvalidOperationException($"Unhandled form intake result {form.Result.GetType().Name}."),
        };
    }

    private static ContentResult BusyForm(HttpRequest request, string language, FormValues values, int retryAfterSeconds, string action)
    {
        request.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return HtmlResponses.Form(request, StatusCodes.Status503ServiceUnavailable, FormPage.Render(language, values, notice: FormNotice.Busy, action: action));
    }

    private static ObjectResult RetryLater(HttpRequest request, int retryAfterSeconds)
    {
        request.HttpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Storage is busy; the report was not taken.", "Nothing was saved. Send the same report again (with the same submissionId) after the Retry-After delay.");
    }
}
