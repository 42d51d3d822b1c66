using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Survey.Local;
using Survey.Tests.Infrastructure;

namespace Survey.Tests.Local;

/// <summary>What the test functions saw.</summary>
public sealed class Recorder
{
    public ConcurrentDictionary<string, int> Attempts { get; } = new();
}

/// <summary>A queue function that always fails, like one whose storage is down for good.</summary>
public sealed class AlwaysFailingFunction(Recorder recorder)
{
    public const string Queue = "listener-failing";

    [Function("AlwaysFailing")]
    public Task Run([QueueTrigger(Queue)] string message)
    {
        recorder.Attempts.AddOrUpdate(message, 1, (_, n) => n + 1);
        throw new InvalidOperationException("Always fails.");
    }
}

/// <summary>A queue function that records what it was given.</summary>
public sealed class EchoFunction(Recorder recorder)
{
    public const string Queue = "listener-echo";

    [Function("Echo")]
    public Task Run([QueueTrigger(Queue)] string message, CancellationToken cancellationToken)
    {
        recorder.Attempts.AddOrUpdate(message, 1, (_, n) => n + 1);
        return Task.Delay(10, cancellationToken);
    }
}

[Collection(StorageGroup.Name)]
public sealed class QueueTriggerListenerTests(StorageFixture fixture)
{
    private static readonly QueueSettings Settings = new()
    {
        BatchSize = 4,
        NewBatchThreshold = 2,
        MaxDequeueCount = 3,
        VisibilityTimeout = TimeSpan.Zero,
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        MessageEncoding = "base64",
    };

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_maxDequeueCount_attempts()
    {
        var (queues, recorder, listener) = Start("AlwaysFailing");
        var message = "boom " + Guid.NewGuid();
        var queue = queues.GetQueueClient(AlwaysFailingFunction.Queue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(message);

        await listener.StartAsync(default);
        try
        {
            var poison = queues.GetQueueClient(AlwaysFailingFunction.Queue + "-poison");
            await Eventually.HoldsAsync(
                async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.MessageText == message),
                "the message is in the poison queue");
        }
        finally
        {
            await listener.StopAsync(default);
        }

        Assert.Equal(Settings.MaxDequeueCount, recorder.Attempts[message]);
        Assert.DoesNotContain((await queue.PeekMessagesAsync(32)).Value, m => m.MessageText == message);
    }

    [Fact]
    public async Task Messages_are_decoded_by_host_json_rule_and_each_handled_once()
    {
        var (queues, recorder, listener) = Start("Echo");
        var queue = queues.GetQueueClient(EchoFunction.Queue);
        await queue.CreateIfNotExistsAsync();
        var messages = Enumerable.Range(0, 20).Select(i => $"{{\"n\":{i},\"text\":\"Saúde 🍼 {Guid.NewGuid()}\"}}").ToList();
        foreach (var message in messages)
        {
            await queue.SendMessageAsync(message);
        }

        await listener.StartAsync(default);
        try
        {
            // A handler records its message before the listener deletes it, so wait for both.
            await Eventually.HoldsAsync(
                async () => messages.All(recorder.Attempts.ContainsKey) && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
                "every message is handled and deleted");
        }
        finally
        {
            await listener.StopAsync(default);
        }

        Assert.All(messages, m => Assert.Equal(1, recorder.Attempts[m]));
    }

    private (QueueServiceClient Queues, Recorder Recorder, QueueTriggerListener Listener) Start(string functionName)
    {
        var recorder = new Recorder();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSingleton(recorder).BuildServiceProvider();
        var function = FunctionCatalog.Load(typeof(QueueTriggerListenerTests).Assembly).Functions.Single(f => f.Name == functionName);
        var queues = new QueueServiceClient(fixture.ConnectionString, new QueueClientOptions { MessageEncoding = Settings.ClientEncoding });
        var listener = new QueueTriggerListener(function, queues, Settings, services, NullLogger<QueueTriggerListener>.Instance);
        return (queues, recorder, listener);
    }
}
