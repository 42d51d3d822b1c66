using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Shared.Access;
using Survey.Shared.Operations;

namespace Survey.Functions.Operations;

/// <summary>The reports that could not be counted: how many, and for the first 32 why and when — no report content.</summary>
public sealed class ListPoisonMessages(PoisonMessages poison)
{
    [Committee]
    [Function(nameof(ListPoisonMessages))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/poison")] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(await poison.ListAsync(cancellationToken));
}
