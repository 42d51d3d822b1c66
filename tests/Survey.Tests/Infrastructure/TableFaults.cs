using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>Fails the table requests <paramref name="matches"/> picks with 503, while <see cref="Failing"/>.</summary>
internal sealed class TableFaults(Func<Request, bool> matches) : HttpPipelinePolicy
{
    public volatile bool Failing;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfFailing(message);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfFailing(message);
        ProcessNext(message, pipeline);
    }

    /// <summary>
    /// The app's services, with table storage whose requests go through <paramref name="policies"/> (faults, hooks).
    /// The policies sit per call, before the SDK's retries, so each sees one call once and an injected fault is not
    /// retried; a real transient failure (a connection the emulator dropped) is retried as the app's clients do.
    /// </summary>
    public static ServiceProvider Services(string connectionString, params HttpPipelinePolicy[] policies)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        var tables = new TableServiceClient(connectionString, options);
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = connectionString,
                [Survey.Shared.Campaigns.CampaignOptions.SectionName + ":" + nameof(Survey.Shared.Campaigns.CampaignOptions.PublicBaseUrl)] = "https://survey.example.org/api",
            })
            .Build();
        services.AddLogging().AddSurvey(configuration);
        services.AddSingleton(p => new SurveyStorage(p.GetRequiredService<QueueServiceClient>(), tables));
        return services.BuildServiceProvider();
    }

    private void ThrowIfFailing(HttpMessage message)
    {
        if (Failing && matches(message.Request))
        {
            throw new RequestFailedException(503, "Injected: the storage service is unavailable.");
        }
    }
}
