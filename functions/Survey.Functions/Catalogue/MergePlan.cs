using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Survey.Functions.Http;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;
using Survey.Shared.Catalogue;

namespace Survey.Functions.Catalogue;

public sealed class MergePlan(PlanMerger merger)
{
    [Committee]
    [Function(nameof(MergePlan))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalogue/plans/{planKey}/merge")] HttpRequest request,
        string planKey,
        CancellationToken cancellationToken)
    {
        var (merge, problem) = await JsonBody.ReadAsync<MergeRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(merge!.Source))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["source"] = ["Required: the key of the plan to merge into this one."] }, "The request has invalid fields.");
        }

        return await merger.MergeAsync(merge.Source.Trim(), planKey, cancellationToken) switch
        {
            MergeResult.Merged merged => new OkObjectResult(merged),
            MergeResult.NotFound notFound => Problems.Create(StatusCodes.Status404NotFound, "No such plan.", notFound.Detail),
            MergeResult.Conflict conflict => Problems.Create(StatusCodes.Status409Conflict, "The merge cannot be done.", conflict.Detail),
            var other => throw new InvalidOperationException($"Unhandled merge result {other.GetType().Name}."),
        };
    }
}
