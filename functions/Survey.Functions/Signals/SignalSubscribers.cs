using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Signals;

namespace Survey.Functions.Signals;

/// <summary>The body of the subscriber routes: one address.</summary>
public sealed record SubscriberRequest(string? Email);

/// <summary>Adds an address to the digest's subscribers (committee). An address that unsubscribed is not added again.</summary>
public sealed class AddSignalSubscriber(SignalDigest digest)
{
    [Committee]
    [Function(nameof(AddSignalSubscriber))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signals/subscribers")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SubscriberRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await digest.SubscribeAsync(body!.Email ?? string.Empty, cancellationToken) switch
        {
            SubscribeOutcome.Added => new NoContentResult(),
            SubscribeOutcome.Unsubscribed => Problems.Create(StatusCodes.Status409Conflict, "The address unsubscribed.", "Its owner unsubscribed from the digest; that is honoured."),
            _ => Problems.Validation(new Dictionary<string, string[]> { ["email"] = ["Must be an e-mail address."] }, "The request has invalid fields."),
        };
    }
}

/// <summary>Removes an address from the digest's subscribers (committee); the address is deleted.</summary>
public sealed class RemoveSignalSubscriber(SignalDigest digest)
{
    [Committee]
    [Function(nameof(RemoveSignalSubscriber))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signals/subscribers/remove")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SubscriberRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await digest.RemoveAsync(body!.Email ?? string.Empty, cancellationToken)
            ? new NoContentResult()
            : Problems.Create(StatusCodes.Status404NotFound, "Not a subscriber.", "The address does not receive the digest.");
    }
}
