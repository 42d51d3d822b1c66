using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.Configuration;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hosting;

public sealed class HostJsonTests
{
    private static readonly string HostJsonPath = Path.Combine(Repository.Root, "host.json");

    /// <summary>The official host.json schema (SchemaStore), kept in the repository (source and licence in host.schema.md).</summary>
    private static readonly string SchemaPath = Path.Combine(Repository.Root, "tests", "Survey.Tests", "Hosting", "host.schema.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(SchemaPath));

    private static EvaluationResults Evaluate(JsonNode? document)
        => Schema.Value.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

    [Fact]
    public void The_official_schema_is_in_the_repository_with_its_source_commit_and_licence()
    {
        // A plain clone has nothing beside it: everything a test reads must be inside the repository.
        Assert.True(File.Exists(SchemaPath), $"{SchemaPath} is missing.");
        Assert.Equal("https://json.schemastore.org/host.json", (string?)JsonNode.Parse(File.ReadAllText(SchemaPath))!["$id"]);
        var note = File.ReadAllText(Path.ChangeExtension(SchemaPath, ".md"));
        Assert.Matches(@"commit\s+`[0-9a-f]{40}`", note);
        Assert.Contains("Apache License 2.0", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_is_valid_against_the_official_schema()
    {
        var result = Evaluate(JsonNode.Parse(File.ReadAllText(HostJsonPath)));

        Assert.True(result.IsValid, System.Text.Json.JsonSerializer.Serialize(result));
    }

    [Theory]
    [InlineData("extensions.queues.batchSize", 64)]
    [InlineData("functionTimeout", "five minutes")]
    [InlineData("extensions.queues.visibilityTimeout", "5s")]
    public void The_schema_check_catches_a_broken_setting(string path, object value)
    {
        var document = JsonNode.Parse(File.ReadAllText(HostJsonPath))!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(document, (node, part) => node[part]!);
        parent[parts[^1]] = JsonValue.Create(value);

        Assert.False(Evaluate(document).IsValid);
    }

    [Fact]
    public void The_queue_settings_are_the_ones_the_design_relies_on()
    {
        var hostJson = HostJson.Load(HostJsonPath);

        // The app enqueues base64 (QueueClientOptions.MessageEncoding), so the trigger must decode base64.
        Assert.Equal("base64", hostJson.Queues.MessageEncoding);
        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.InRange(hostJson.Queues.BatchSize, 1, 32);
        Assert.Equal(5, hostJson.Queues.MaxDequeueCount);
    }

    [Fact]
    public void Settings_under_AzureFunctionsJobHost_override_host_json_as_the_Functions_host_applies_them()
    {
        var overrides = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "1",
                ["AzureFunctionsJobHost:extensions:queues:newBatchThreshold"] = "0",
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:02",
            })
            .Build();

        var hostJson = HostJson.Load(HostJsonPath, overrides);

        Assert.Equal(1, hostJson.Queues.BatchSize);
        Assert.Equal(0, hostJson.Queues.NewBatchThreshold);
        Assert.Equal(TimeSpan.FromSeconds(2), hostJson.Queues.MaxPollingInterval);
        Assert.Equal(HostJson.Load(HostJsonPath).Queues.MaxDequeueCount, hostJson.Queues.MaxDequeueCount);
        Assert.Equal("api", hostJson.RoutePrefix);
    }
}
