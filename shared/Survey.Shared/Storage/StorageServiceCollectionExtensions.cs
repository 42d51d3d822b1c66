using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Survey.Shared.Storage;

/// <summary>Composes what no feature owns: the storage clients, their options and the resilience pipelines.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the queue and table clients from <c>AzureWebJobsStorage</c> (validated at start), the named pipelines
    /// and <see cref="SurveyStorage"/>.
    /// </summary>
    public static IServiceCollection AddSurveyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Configure(options => StorageOptions.Bind(options, configuration))
            .Validate(options => options.IsConfigured, StorageOptions.MissingMessage)
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
        return services;
    }
}
