using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survey.Shared;
using Survey.Shared.Campaigns;
using Survey.Shared.Storage;

namespace Survey.Tests.Infrastructure;

/// <summary>Azurite and the app's services, with no queue listener: tests drive the aggregator themselves.</summary>
public sealed class StorageFixture : AzuriteFixture
{
    public ServiceProvider Services { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services = Build(ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await base.DisposeAsync();
    }

    public static ServiceProvider Build(string connectionString, IDictionary<string, string?>? settings = null, Action<ILoggingBuilder>? logging = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageOptions.ConnectionName] = connectionString,
                // Required by the app (validated at start); tests that check the setting itself override it.
                [CampaignOptions.SectionName + ":" + nameof(CampaignOptions.PublicBaseUrl)] = "https://survey.example.org/api",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        IServiceCollection services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        return services
            .AddLogging(builder => (logging ?? (b => b.SetMinimumLevel(LogLevel.Warning)))(builder))
            .AddSurvey(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A client for a queue that reads raw message text, with no decoding.</summary>
    public QueueClient RawQueue(string name) => new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
}

[CollectionDefinition(Name)]
public sealed class StorageGroup : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
