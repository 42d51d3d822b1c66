using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Forms;

namespace Survey.Functions.Pages;

/// <summary>The report form (anonymous), in the language of <c>?lang=</c> (en, es, pt), else of <c>Accept-Language</c>, else English; compressed when the client accepts it.</summary>
public sealed class GetReportForm
{
    [Function(nameof(GetReportForm))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = FormLanguages.Choose(request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage.ToString());
        return HtmlResponses.EmptyForm(request, FormPage.Render(language, FormValues.Empty));
    }
}
