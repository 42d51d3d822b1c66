using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survey.Shared;
using Survey.Shared.Campaigns;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="OnSend"/> before each message is put on a queue (a POST to <c>/{queue}/messages</c>) whose name
/// <paramref name="queue"/> gives, so a test can stop, fail or cancel an enqueue at a chosen point.
/// </summary>
internal sealed class QueueHook(string queue) : HttpPipelinePolicy
{
    public volatile Func<HttpMessage, Task>? OnSend;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (OnSend is { } hook && message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith($"/{queue}/messages", StringComparison.Ordinal))
        {
            await hook(message);
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    /// <summary>The app's services on <paramref name="time"/>, with queue sends going through <paramref name="hook"/>.</summary>
    public static ServiceProvider Services(string connectionString, QueueHook hook, TimeProvider time)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(hook, HttpPipelinePosition.PerCall);
        var queues = new QueueServiceClient(connectionString, options);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = connectionString,
                [CampaignOptions.SectionName + ":" + nameof(CampaignOptions.PublicBaseUrl)] = "https://survey.example.org/api",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLogging().AddSurvey(configuration);
        services.AddSingleton(p => new SurveyStorage(queues, p.GetRequiredService<TableServiceClient>()));
        return services.BuildServiceProvider();
    }
}
