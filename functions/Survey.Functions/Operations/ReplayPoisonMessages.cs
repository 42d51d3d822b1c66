using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Operations;

namespace Survey.Functions.Operations;

/// <summary>Body of <c>POST /api/operations/poison/replay</c> (optional): the messages to replay, else all of them.</summary>
public sealed record ReplayRequest(IReadOnlyList<string>? MessageIds);

/// <summary>Moves poison messages back to the <c>reports</c> queue after a fix; safe to repeat (a report counts once).</summary>
public sealed class ReplayPoisonMessages(PoisonMessages poison)
{
    private const int MaxIds = 1000;

    [Committee]

    [Function(nameof(ReplayPoisonMessages))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/poison/replay")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, empty: new ReplayRequest(null));
        if (problem is not null)
        {
            return problem;
        }

        if (body!.MessageIds is { } ids && (ids.Count is 0 or > MaxIds || ids.Any(string.IsNullOrWhiteSpace)))
        {
            return Problems.Validation(
                new Dictionary<string, string[]> { ["messageIds"] = [$"Give 1 to {MaxIds} message ids from GET /api/operations/poison, or send no body to replay every message."] },
                "The request is invalid.");
        }

        return new OkObjectResult(await poison.ReplayAsync(body.MessageIds, cancellationToken));
    }
}
