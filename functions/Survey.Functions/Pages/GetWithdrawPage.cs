using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Forms;

namespace Survey.Functions.Pages;

/// <summary>The withdraw page (anonymous), in the language of <c>?lang=</c> (en, es, pt), else of <c>Accept-Language</c>, else English.</summary>
public sealed class GetWithdrawPage
{
    [Function(nameof(GetWithdrawPage))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "withdraw")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = FormLanguages.Choose(request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage.ToString());
        return HtmlResponses.Form(request, StatusCodes.Status200OK, WithdrawPage.Render(language));
    }
}
