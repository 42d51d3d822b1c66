using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Survey.Shared.Storage;

namespace Survey.Shared.Mail;

/// <summary>Composes e-mail sending.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IMailSender"/> (SMTP through MailKit) with its options from <c>Survey:Smtp</c>,
    /// validated at start, and the <see cref="SurveyPipelines.Smtp"/> pipeline. With no Host the app
    /// still starts and <see cref="IMailSender.SendAsync"/> throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public static IServiceCollection AddSurveyMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSmtpPipeline();
        services.AddSingleton<IMailSender, MailKitSender>();
        return services;
    }

    /// <summary>
    /// Sending one e-mail: transient SMTP failures (4xx, dropped connection, timeout) are retried on a
    /// fresh connection with jittered exponential backoff, a bounded number of times; each attempt is
    /// bounded by a timeout (inside the retry, so a hung attempt is retried too). MailKit itself retries nothing.
    /// </summary>
    private static IServiceCollection AddSmtpPipeline(this IServiceCollection services)
        => services.AddResiliencePipeline(SurveyPipelines.Smtp, (builder, context) =>
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
}
