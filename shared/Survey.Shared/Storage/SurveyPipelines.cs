using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Survey.Shared.Mail;
using Survey.Shared.Reports;

namespace Survey.Shared.Storage;

/// <summary>
/// The named resilience pipelines. Azure.Core already retries transient HTTP failures (timeouts, 408,
/// 429, 5xx) inside each call, so these pipelines do not retry those again: the enqueue pipeline only
/// bounds the total time a POST may wait, and the aggregate pipeline retries optimistic-concurrency
/// conflicts, which Azure.Core never retries.
/// </summary>
public static class SurveyPipelines
{
    public const string Enqueue = "survey-enqueue";

    public const string Aggregate = "survey-aggregate";

    public const string Rebuild = "survey-rebuild";

    public const string Smtp = "survey-smtp";

    internal static IServiceCollection AddSurveyPipelines(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Enqueue, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<IntakeOptions>>().Value;
            builder.AddTimeout(options.EnqueueBudget);
        });

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
    /// Sending one e-mail: transient SMTP failures (4xx, dropped connection, timeout) are retried on a
    /// fresh connection with jittered exponential backoff, a bounded number of times; each attempt is
    /// bounded by a timeout (inside the retry, so a hung attempt is retried too). MailKit itself retries nothing.
    /// </summary>
    internal static IServiceCollection AddSmtpPipeline(this IServiceCollection services)
        => services.AddResiliencePipeline(Smtp, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SmtpOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<MailKitSender>>();
            builder
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(MailKitSender.IsTransient),
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    OnRetry = args =>
                    {
                        MailKitSender.LogRetry(logger, args.AttemptNumber + 1, args.Outcome.Exception?.GetType().Name ?? "none", args.RetryDelay);
                        return default;
                    },
                })
                .AddTimeout(options.AttemptTimeout);
        });

    /// <summary>
    /// A 412 (stale ETag), or a 409/404 on an aggregate row another process just added/deleted. Report rows
    /// come first in a transaction; their own 409/404 (applied before) is answered by <see cref="PlanCommits"/>
    /// before it gets here.
    /// </summary>
    internal static bool IsConcurrencyConflict(TableTransactionFailedException exception)
        => exception.Status == 412 || (exception.Status is 409 or 404 && exception.FailedTransactionActionIndex is > 0);

    internal static bool IsDuplicate(RequestFailedException exception) => exception.Status == 409;
}
