using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Survey.Shared.Access;
using Survey.Shared.Aggregation;
using Survey.Shared.Briefs;
using Survey.Shared.Campaigns;
using Survey.Shared.Catalogue;
using Survey.Shared.Contacts;
using Survey.Shared.Dashboards;
using Survey.Shared.Health;
using Survey.Shared.Mail;
using Survey.Shared.Http;
using Survey.Shared.Operations;
using Survey.Shared.Reports;
using Survey.Shared.Retention;
using Survey.Shared.Stats;
using Survey.Shared.Storage;

namespace Survey.Shared;

/// <summary>Composes the domain and its storage adapters.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything the functions use. Options are validated when the host starts, so bad
    /// configuration fails early with a sentence that says what to set.
    /// </summary>
    public static IServiceCollection AddSurvey(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<StorageOptions>()
            .Configure(options => StorageOptions.Bind(options, configuration))
            .Validate(options => options.IsConfigured, StorageOptions.MissingMessage)
            .ValidateOnStart();
        services.AddOptions<CatalogueOptions>()
            .Bind(configuration.GetSection(CatalogueOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CorsOptions>()
            .Bind(configuration.GetSection(CorsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CampaignOptions>()
            .Bind(configuration.GetSection(CampaignOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CommitteeOptions>()
            .Bind(configuration.GetSection(CommitteeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PublicStatsOptions>()
            .Bind(configuration.GetSection(PublicStatsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connection = configuration.GetSection(StorageOptions.ConnectionName);
        services.AddAzureClients(clients =>
        {
            // AzureWebJobsStorage as the Functions host reads it: a connection string (Azurite, local), or the
            // identity form (__queueServiceUri, __tableServiceUri, __credential=managedidentity, __clientId).
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                // The Functions queue trigger decodes base64 (host.json extensions.queues.messageEncoding); enqueue the same way.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new QueueServiceClient(storage.QueueServiceUri ?? throw new InvalidOperationException(StorageOptions.MissingMessage), credential, options)
                    : new QueueServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new TableServiceClient(storage.TableServiceUri ?? throw new InvalidOperationException(StorageOptions.MissingMessage), credential, options)
                    : new TableServiceClient(storage.ConnectionString, options);
            });
            clients.UseCredential(_ => StorageOptions.Credential(connection));
            // Azure.Core retries each storage call itself (408, 429, 500, 502, 503, 504, timeouts, dropped
            // connections): up to 3 retries, exponential from 200 ms with jitter, capped at 2 s, each try cut
            // after 5 s. Worst case one call ~ 4 x 5 s + 0.2 + 0.4 + 0.8 s ~ 21.4 s, which is why the HTTP path
            // runs inside the EnqueueBudget timeout (10 s) and the Polly pipelines never retry these again;
            // see SurveyPipelines and docs/reliability.md.
            clients.ConfigureDefaults(options =>
            {
                options.Retry.MaxRetries = 3;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
            });
        });

        services.AddSurveyPipelines();
        services.AddSingleton<SurveyStorage>();
        services.AddSingleton<ReportQueue>();
        services.AddSingleton<PoisonQueue>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<PlanStore>();
        services.AddSingleton<ReportIndex>();
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<AccessLogStore>();
        services.AddSingleton(p => new CommitteeAccess(p.GetRequiredService<AccessLogStore>(), p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CredentialStore>();
        services.AddSingleton(p => new CommitteeCredentials(
            p.GetRequiredService<CredentialStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<CommitteeOptions>>(),
            p.GetRequiredService<ILogger<CommitteeCredentials>>()));
        services.AddSingleton<CommitteeGate>();
        services.AddSingleton<ReportValidator>();

        // The public services take internal adapters, so their constructors are internal and wired here.
        services.AddSingleton(p => new ReportIntake(
            p.GetRequiredService<ReportValidator>(), p.GetRequiredService<ReportQueue>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<IntakeOptions>>(), p.GetRequiredService<ILogger<ReportIntake>>()));
        services.AddSingleton(p => new ReportWithdrawals(
            p.GetRequiredService<ReportQueue>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<IntakeOptions>>(), p.GetRequiredService<ILogger<ReportWithdrawals>>()));
        services.AddSingleton(p => new PlanCatalogue(
            p.GetRequiredService<CatalogueStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<CatalogueOptions>>()));
        services.AddSingleton(p => new ReportAggregator(
            p.GetRequiredService<ReportValidator>(), p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<PlanStore>(),
            p.GetRequiredService<ReportIndex>(), p.GetRequiredService<ContactStore>(), p.GetRequiredService<ReportQueue>(), p.GetRequiredService<ILogger<ReportAggregator>>()));
        services.AddSingleton(p => new PlanStatsReader(p.GetRequiredService<PlanStore>(), p.GetRequiredService<PlanCatalogue>()));
        services.AddSingleton(p => new PlanMerger(
            p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<PlanStore>(), p.GetRequiredService<ReportIndex>(), p.GetRequiredService<ILogger<PlanMerger>>()));
        services.AddSingleton(p => new PlanAuditor(
            p.GetRequiredService<PlanStore>(), p.GetRequiredService<ResiliencePipelineProvider<string>>(), p.GetRequiredService<ILogger<PlanAuditor>>()));
        services.AddSingleton(p => new StorageHealth(p.GetRequiredService<SurveyStorage>()));
        services.AddSingleton<DashboardService>();
        services.AddSingleton(p => new PlanBriefService(
            p.GetRequiredService<PlanStatsReader>(), p.GetRequiredService<PlanStore>(), p.GetRequiredService<PlanCatalogue>(), p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PublicStatsService>();

        services.AddSingleton<CampaignStore>();
        services.AddSingleton<InvitationLinks>();
        services.AddSingleton(p => new CampaignService(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<InvitationLinks>(), p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<IOptions<CampaignOptions>>(), p.GetRequiredService<ILogger<CampaignService>>()));
        services.AddSingleton(p => new LinkService(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<ReportIntake>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<LinkService>>()));
        services.AddSingleton(p => new InvitationSender(
            p.GetRequiredService<CampaignStore>(), p.GetRequiredService<InvitationLinks>(), p.GetRequiredService<IMailSender>(),
            p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<InvitationSender>>()));
        services.AddSurveyMail(configuration);
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<RequestGuard>();
        services.AddSingleton<CorsPolicy>();
        services.AddSingleton(p => new PoisonMessages(p.GetRequiredService<PoisonQueue>()));
        services.AddSingleton<PoisonAlarm>();
        services.AddSingleton(p => new ContactRetention(
            p.GetRequiredService<ContactStore>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<RetentionOptions>>(), p.GetRequiredService<ILogger<ContactRetention>>()));
        return services;
    }
}
