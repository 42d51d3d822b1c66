using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Survey.Shared.Storage;

/// <summary>
/// The named resilience pipelines. Three layers retry, each for its own failures, never the same ones
/// (docs/reliability.md works the numbers through):
/// <list type="number">
/// <item>Azure.Core retries transient failures inside each storage call (408, 429, 500, 502, 503, 504,
/// refused or reset connections, its 5 s network timeout): 3 retries, 0.2 s doubling to at most 2 s with
/// jitter (StorageServiceCollectionExtensions). One call: at most ~21.4 s (4 × 5 s + 1.4 s); when every try is
/// refused it gives up after ~1.4 s with an <see cref="AggregateException"/>.</item>
/// <item>Polly adds no retry of those. <see cref="Enqueue"/> is a timeout only: a POST waits at most
/// <c>Survey:Intake:EnqueueBudget</c> (10 s) and then answers 503 with Retry-After, so the HTTP path's
/// worst case is the budget, not Azure.Core's 21 s. <see cref="Aggregate"/> and <see cref="Rebuild"/> retry
/// only optimistic-concurrency conflicts (412, or 409 on an aggregate row), which Azure.Core never retries.</item>
/// <item>The queue redelivers a message whose function threw (a transient failure Azure.Core gave up
/// on): after host.json's <c>visibilityTimeout</c> (5 s), up to <c>maxDequeueCount</c> (5) deliveries, then the
/// queue trigger moves it to <c>reports-poison</c> (raw). Messages that can never be counted go there at once,
/// wrapped with the reason (<see cref="PoisonQueue"/>).</item>
/// </list>
/// </summary>
public static class SurveyPipelines
{
    public const string Enqueue = "survey-enqueue";

    public const string Aggregate = "survey-aggregate";

    public const string Rebuild = "survey-rebuild";

    public const string Smtp = "survey-smtp";

    internal static IServiceCollection AddSurveyPipelines(this IServiceCollection services)
    {
        // Enqueue (a timeout of Survey:Intake:EnqueueBudget) is registered with the reports: AddReports.
        services.AddResiliencePipeline(Aggregate, builder => builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TableTransactionFailedException>(IsConcurrencyConflict),
            MaxRetryAttempts = 40,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(500),
        }));

        // A rebuild writes every aggregate row of a plan under the ETags it read; any report counted
        // meanwhile (412), or a row added meanwhile (409), means recomputing.
        services.AddResiliencePipeline(Rebuild, builder => builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TableTransactionFailedException>(e => e.Status is 409 or 412),
            MaxRetryAttempts = 10,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(50),
        }));

        return services;
    }

    /// <summary>
    /// A 412 (stale ETag), or a 409/404 on an aggregate row another process just added/deleted. Report rows
    /// come first in a transaction; their own 409/404 (applied before) is answered by <see cref="PlanCommits"/>
    /// before it gets here.
    /// </summary>
    internal static bool IsConcurrencyConflict(TableTransactionFailedException exception)
        => exception.Status == 412 || (exception.Status is 409 or 404 && exception.FailedTransactionActionIndex is > 0);

    internal static bool IsDuplicate(RequestFailedException exception) => exception.Status == 409;
}
