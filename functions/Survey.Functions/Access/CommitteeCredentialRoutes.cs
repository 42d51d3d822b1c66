using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;

namespace Survey.Functions.Access;

/// <summary>Body of <c>POST /api/committee/credentials</c> and of <c>…/{name}/rotate</c> (without the name).</summary>
public sealed record CredentialRequest(string? Name, string? Value, DateTimeOffset? ExpiresAt);

/// <summary>
/// The operator's routes for committee credentials, behind the Functions host's master key (admin level): create
/// (the value is answered once), list (names and dates only), rotate, revoke. Changes apply from the next request.
/// </summary>
public sealed class CommitteeCredentialRoutes(CommitteeCredentials credentials, TimeProvider time)
{
    [Function("CreateCommitteeCredential")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "committee/credentials")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CredentialRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = CommitteeCredentials.Check(body!.Name, body.Value, body.ExpiresAt, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The credential request is invalid.");
        }

        return await credentials.CreateAsync(body.Name!, body.Value, body.ExpiresAt, cancellationToken) is { } issued
            ? new ObjectResult(issued) { StatusCode = StatusCodes.Status201Created }
            : Problems.Create(StatusCodes.Status409Conflict, "A credential with that name exists.", "Rotate it, or revoke it first.");
    }

    [Function("ListCommitteeCredentials")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "committee/credentials")] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(new { credentials = await credentials.ListAsync(cancellationToken) });

    [Function("RotateCommitteeCredential")]
    public async Task<IActionResult> Rotate(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "committee/credentials/{name}/rotate")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, empty: new CredentialRequest(null, null, null));
        if (problem is not null)
        {
            return problem;
        }

        var errors = CommitteeCredentials.Check(name, body!.Value, body.ExpiresAt, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The credential request is invalid.");
        }

        return await credentials.RotateAsync(name, body.Value, body.ExpiresAt, cancellationToken) is { } issued
            ? new OkObjectResult(issued)
            : Problems.Create(StatusCodes.Status404NotFound, "There is no credential with that name.");
    }

    [Function("RevokeCommitteeCredential")]
    public async Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "committee/credentials/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => await credentials.RevokeAsync(name, cancellationToken)
            ? new NoContentResult()
            : Problems.Create(StatusCodes.Status404NotFound, "There is no credential with that name.");
}
