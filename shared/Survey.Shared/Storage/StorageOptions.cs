using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Survey.Shared.Storage;

/// <summary>
/// The storage connection, read from <c>AzureWebJobsStorage</c> like the Functions host does: either a
/// connection string, or the identity-based form with service URIs.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public const string MissingMessage =
        "Storage is not configured. Set AzureWebJobsStorage to a storage connection string " +
        "(or AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri for identity-based access).";

    public string? ConnectionString { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || (QueueServiceUri is not null && TableServiceUri is not null);

    /// <summary>
    /// The credential of the identity form: <c>__credential=managedidentity</c> with an optional
    /// <c>__clientId</c> (a user-assigned identity), as the Functions host reads it; otherwise the
    /// developer's own sign-in (Azure CLI, Visual Studio, environment) through DefaultAzureCredential.
    /// </summary>
    public static TokenCredential Credential(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new DefaultAzureCredential();
        }

        return section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>Reads <c>AzureWebJobsStorage</c> (a value, or the identity-based children) from configuration.</summary>
    public static void Bind(StorageOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        // Either the configuration root or the AzureWebJobsStorage section itself.
        var section = configuration is IConfigurationSection { Key: ConnectionName } own ? own : configuration.GetSection(ConnectionName);
        options.ConnectionString = section.Value;
        options.QueueServiceUri = Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queue) ? queue : null;
        options.TableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var table) ? table : null;
    }
}
