using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Survey.Local;

/// <summary>The parts of host.json the runner honours, with the Functions host's defaults.</summary>
public sealed record HostJson
{
    public string RoutePrefix { get; init; } = "api";

    public QueueSettings Queues { get; init; } = new();

    /// <summary>The prefix under which the Functions host reads settings that override host.json.</summary>
    public const string OverrideSection = "AzureFunctionsJobHost";

    /// <summary>
    /// Reads host.json, then applies the settings under <c>AzureFunctionsJobHost</c> (environment variables such as
    /// <c>AzureFunctionsJobHost__extensions__queues__batchSize</c>), as the Functions host does.
    /// </summary>
    public static HostJson Load(string path, IConfiguration? overrides = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })
                   ?? throw new InvalidOperationException($"{path} is empty.");
        if (overrides is not null)
        {
            Apply(root.AsObject(), overrides.GetSection(OverrideSection));
        }

        var http = root["extensions"]?["http"];
        var queues = root["extensions"]?["queues"];
        var defaults = new QueueSettings();
        var batchSize = Int(queues, "batchSize") ?? defaults.BatchSize;
        return new HostJson
        {
            RoutePrefix = Text(http, "routePrefix") ?? "api",
            Queues = new QueueSettings
            {
                BatchSize = batchSize,
                NewBatchThreshold = Int(queues, "newBatchThreshold") ?? batchSize / 2,
                MaxDequeueCount = Int(queues, "maxDequeueCount") ?? defaults.MaxDequeueCount,
                VisibilityTimeout = Time(queues, "visibilityTimeout") ?? defaults.VisibilityTimeout,
                MaxPollingInterval = Time(queues, "maxPollingInterval") ?? defaults.MaxPollingInterval,
                MessageEncoding = Text(queues, "messageEncoding") ?? defaults.MessageEncoding,
            },
        };
    }

    private static void Apply(JsonObject target, IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } value)
            {
                target[child.Key] = value;
            }
            else
            {
                if (target[child.Key] is not JsonObject inner)
                {
                    inner = [];
                    target[child.Key] = inner;
                }

                Apply(inner, child);
            }
        }
    }

    private static string? Text(JsonNode? node, string name) => node?[name]?.ToString();

    private static int? Int(JsonNode? node, string name)
        => Text(node, name) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(JsonNode? node, string name)
        => Text(node, name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;
}

/// <summary><c>extensions.queues</c> of host.json (defaults as documented for the Storage extension 5.x).</summary>
public sealed record QueueSettings
{
    public int BatchSize { get; init; } = 16;

    public int NewBatchThreshold { get; init; } = 8;

    public int MaxDequeueCount { get; init; } = 5;

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a message stays invisible while its function runs. Not a host.json setting: the host keeps a
    /// running message hidden and renews the lease; the runner takes it from <c>Local:QueueMessageLease</c>.
    /// After a crash, the messages in flight reappear when it ends.
    /// </summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>base64</c> (the default) or <c>none</c>.</summary>
    public string MessageEncoding { get; init; } = "base64";

    public Azure.Storage.Queues.QueueMessageEncoding ClientEncoding => MessageEncoding.ToLowerInvariant() switch
    {
        "base64" => Azure.Storage.Queues.QueueMessageEncoding.Base64,
        "none" => Azure.Storage.Queues.QueueMessageEncoding.None,
        _ => throw new InvalidOperationException($"host.json extensions.queues.messageEncoding must be 'base64' or 'none', not '{MessageEncoding}'."),
    };
}
