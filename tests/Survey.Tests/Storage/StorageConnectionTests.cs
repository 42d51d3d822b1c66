using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Storage;

/// <summary>AzureWebJobsStorage in both shapes the Functions host accepts.</summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public void A_connection_string_gives_clients_for_that_account()
    {
        using var services = StorageFixture.Build("DefaultEndpointsProtocol=https;AccountName=surveydev;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";EndpointSuffix=core.windows.net");

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(new Uri("https://surveydev.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal("surveydev", services.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Fact]
    public void The_identity_form_gives_clients_for_the_service_uris_with_a_managed_identity()
    {
        using var services = StorageFixture.Build(connectionString: "", new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:queueServiceUri"] = "https://surveyprod.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://surveyprod.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://surveyprod.blob.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(new Uri("https://surveyprod.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal("surveyprod", services.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Theory]
    [InlineData("managedidentity", "00000000-0000-0000-0000-000000000001", typeof(Azure.Identity.ManagedIdentityCredential))]
    [InlineData("managedidentity", null, typeof(Azure.Identity.ManagedIdentityCredential))]
    [InlineData(null, null, typeof(Azure.Identity.DefaultAzureCredential))]
    public void The_credential_follows_the_host_rule(string? credential, string? clientId, Type expected)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["credential"] = credential, ["clientId"] = clientId })
            .Build();

        Assert.IsType(expected, Survey.Shared.Storage.StorageOptions.Credential(section));
    }

    [Fact]
    public void Neither_shape_fails_at_start_saying_what_to_set()
    {
        using var services = StorageFixture.Build(connectionString: "", new Dictionary<string, string?> { ["AzureWebJobsStorage:queueServiceUri"] = "https://only-queue.queue.core.windows.net" });

        var error = Assert.Throws<OptionsValidationException>(services.GetRequiredService<IStartupValidator>().Validate);
        Assert.Contains("AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }
}
