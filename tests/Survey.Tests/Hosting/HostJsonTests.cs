using System.Text.Json.Nodes;
using Json.Schema;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Hosting;

public sealed class HostJsonTests
{
    private static readonly string HostJsonPath = Path.Combine(Repository.Root, "host.json");

    /// <summary>The official host.json schema (SchemaStore), kept beside the repository for offline use.</summary>
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(Repository.Root, "..", "shared", "schemas", "host.schema.json"));

    private static EvaluationResults Evaluate(JsonNode? document)
        => Schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

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
}
