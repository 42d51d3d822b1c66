using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Survey.Shared.Operations;
using Survey.Shared.Plans;
using Survey.Shared.Storage;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Operations;

/// <summary>The committee's view of the poison queue, and replaying it after a fix.</summary>
[Collection(ServiceGroup.Name)]
public sealed class PoisonApiTests(ServiceFixture fixture)
{
    private const string Narrative = "Poison narrative: the lactation visit at home of Zebulon Quixote was refused";
    private const string Email = "zebulon.quixote.poison@example.org";
    private const string Employer = "Quixote Windmills Ltd";

    [Fact]
    public async Task A_report_that_breaks_the_schema_is_listed_with_its_reason_and_without_personal_data()
    {
        var insurer = SampleReports.UniqueInsurer("Quixote Mutual");
        var reportId = Guid.NewGuid().ToString("D");
        await Queue(StorageNames.ReportsQueue).SendMessageAsync(BadMessage(insurer, reportId));

        var entry = await WaitForPoisonAsync(reportId);

        Assert.Equal("aggregator", (string?)entry["movedBy"]);
        Assert.Contains("setting", (string?)entry["reason"], StringComparison.Ordinal);
        Assert.NotNull((string?)entry["poisonedAt"]);
        Assert.False(string.IsNullOrEmpty((string?)entry["messageId"]));
        var listing = await ListAsync();
        Assert.True((int)listing["count"]! >= 1);
        var text = listing.ToJsonString();
        foreach (var secret in new[] { Narrative, "Zebulon", Email, Employer, insurer, "garage" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_report_moved_to_poison_during_an_outage_counts_once_after_replay_however_often_it_is_replayed()
    {
        // What the queue trigger does after maxDequeueCount failed deliveries: the message, raw, on the poison
        // queue. Twice, as if an earlier replay had sent it back but failed to delete it.
        var insurer = SampleReports.UniqueInsurer("Outage Health");
        var reportId = Guid.NewGuid().ToString("D");
        var message = Envelopes.Message(Envelopes.Report(insurer), reportId, contactEmail: Email);
        var poison = Queue(StorageNames.ReportsPoisonQueue);
        var first = (await poison.SendMessageAsync(message)).Value.MessageId;
        var second = (await poison.SendMessageAsync(message)).Value.MessageId;

        var listed = await WaitForPoisonAsync(reportId);
        Assert.Equal("host", (string?)listed["movedBy"]);
        Assert.Equal(PoisonMessages.HostReason, (string?)listed["reason"]);

        var replay = await ReplayAsync(first);
        Assert.Equal(1, (int)replay["replayed"]!);
        Assert.Empty(replay["notFound"]!.AsArray());
        var planKey = PlanKeys.Unverified(insurer, null);
        var plan = await Eventually.ReadAsync(() => fixture.PlanAsync(planKey), p => p is not null, "the replayed report is counted");
        Assert.Equal(1, (int)plan!["reports"]!);

        var again = await ReplayAsync(first);
        Assert.Equal(0, (int)again["replayed"]!);
        Assert.Equal(first, (string?)Assert.Single(again["notFound"]!.AsArray()));
        Assert.Equal(1, (int)(await ReplayAsync(second))["replayed"]!);
        await fixture.WaitForQueueDrainedAsync();

        Assert.Equal(1, (int)(await fixture.PlanAsync(planKey))!["reports"]!);
        Assert.DoesNotContain((await ListAsync())["messages"]!.AsArray(), m => (string?)m!["reportId"] == reportId);
    }

    [Fact]
    public async Task Replaying_a_message_that_still_cannot_be_counted_brings_it_back_with_its_reason()
    {
        var reportId = Guid.NewGuid().ToString("D");
        await Queue(StorageNames.ReportsQueue).SendMessageAsync(BadMessage(SampleReports.UniqueInsurer(), reportId));
        var poisoned = await WaitForPoisonAsync(reportId);

        Assert.Equal(1, (int)(await ReplayAsync((string)poisoned["messageId"]!))["replayed"]!);

        var back = await Eventually.ReadAsync(
            async () => (await ListAsync())["messages"]!.AsArray().FirstOrDefault(m => (string?)m!["reportId"] == reportId && (string?)m["messageId"] != (string?)poisoned["messageId"]),
            m => m is not null,
            "the replayed message is poisoned again");
        Assert.Equal("aggregator", (string?)back!["movedBy"]);
        Assert.Equal((string?)poisoned["reason"], (string?)back["reason"]);
    }

    [Fact]
    public async Task A_replay_without_a_body_moves_every_poison_message_back_and_each_report_counts_once()
    {
        var insurer = SampleReports.UniqueInsurer("Replay All Health");
        var poison = Queue(StorageNames.ReportsPoisonQueue);
        var reportIds = new[] { Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D") };
        foreach (var reportId in reportIds)
        {
            await poison.SendMessageAsync(Envelopes.Message(Envelopes.Report(insurer), reportId));
        }

        await WaitForPoisonAsync(reportIds[1]);

        using var request = ServiceFixture.Committee(HttpMethod.Post, "/api/operations/poison/replay");
        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replay = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((int)replay["replayed"]! >= 2);
        Assert.Empty(replay["notFound"]!.AsArray());
        var planKey = PlanKeys.Unverified(insurer, null);
        await Eventually.HoldsAsync(async () => (await fixture.PlanAsync(planKey)) is { } plan && (int)plan["reports"]! == 2, "both replayed reports are counted");
        var listed = (await ListAsync())["messages"]!.AsArray();
        Assert.DoesNotContain(listed, m => reportIds.Contains((string?)m!["reportId"]));
        Assert.All(listed, m => Assert.Equal("aggregator", (string?)m!["movedBy"]));
    }

    [Fact]
    public async Task A_replay_with_an_empty_list_of_ids_is_a_problem_naming_the_field()
    {
        using var request = ServiceFixture.Committee(HttpMethod.Post, "/api/operations/poison/replay");
        request.Content = JsonContent.Create(new { messageIds = Array.Empty<string>() });

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["messageIds"]);
    }

    /// <summary>A report envelope with a setting the schema does not allow, and personal data that must never be listed.</summary>
    private static string BadMessage(string insurer, string reportId)
        => Envelopes.Message(Envelopes.Report(insurer, setting: "garage") with { Narrative = Narrative, Employer = Employer }, reportId, contactEmail: Email);

    private QueueClient Queue(string name) => new(fixture.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private async Task<JsonObject> ListAsync()
    {
        using var response = await fixture.Client.SendAsync(ServiceFixture.Committee(HttpMethod.Get, "/api/operations/poison"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<JsonObject> WaitForPoisonAsync(string reportId)
    {
        var entry = await Eventually.ReadAsync(
            async () => (await ListAsync())["messages"]!.AsArray().FirstOrDefault(m => (string?)m!["reportId"] == reportId),
            m => m is not null,
            $"report {reportId} is on the poison queue");
        return entry!.AsObject();
    }

    private async Task<JsonObject> ReplayAsync(string messageId)
    {
        using var request = ServiceFixture.Committee(HttpMethod.Post, "/api/operations/poison/replay");
        request.Content = JsonContent.Create(new { messageIds = new[] { messageId } });
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
