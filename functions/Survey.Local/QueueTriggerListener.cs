using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Survey.Local;

/// <summary>
/// Serves one queue-triggered function like the Functions host does, following host.json: up to
/// <c>batchSize</c> messages at a time, a new batch once in-flight work drops to
/// <c>newBatchThreshold</c>, polling backed off up to <c>maxPollingInterval</c>, a failed message
/// made visible again after <c>visibilityTimeout</c>, and moved to <c>{queue}-poison</c> once it has
/// been dequeued <c>maxDequeueCount</c> times.
/// </summary>
internal sealed partial class QueueTriggerListener(
    FunctionDescriptor function,
    QueueServiceClient queues,
    QueueSettings settings,
    IServiceProvider services,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _slots = new(settings.BatchSize + settings.NewBatchThreshold);

    public FunctionDescriptor Function => function;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(function.Queue!.QueueName);
        var poison = queues.GetQueueClient(function.Queue.QueueName + "-poison");
        await CreateQueuesAsync(queue, poison, stoppingToken);
        var idle = MinPollingInterval;
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                await WaitForRoomAsync(stoppingToken);
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.MessageLease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or AggregateException)
            {
                LogPollFailed(logger, function.Name, exception.GetType().Name);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, Math.Max(settings.MaxPollingInterval.Ticks, MinPollingInterval.Ticks)));
                continue;
            }

            idle = MinPollingInterval;
            running.RemoveAll(t => t.IsCompleted);
            foreach (var message in messages)
            {
                await _slots.WaitAsync(CancellationToken.None);
                running.Add(ProcessAsync(queue, poison, message, stoppingToken));
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>Creates the queue so polling finds it (the app creates it too, on its first enqueue).</summary>
    private async Task CreateQueuesAsync(QueueClient queue, QueueClient poison, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or AggregateException)
            {
                LogPollFailed(logger, function.Name, exception.GetType().Name);
                await Delay(settings.MaxPollingInterval, stoppingToken);
            }
        }
    }

    /// <summary>Like the host: fetch the next batch only when in-flight work is down to newBatchThreshold.</summary>
    private async Task WaitForRoomAsync(CancellationToken stoppingToken)
    {
        while (_slots.CurrentCount < settings.BatchSize)
        {
            await Task.Delay(10, stoppingToken);
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter =>
                parameter.ParameterType == typeof(CancellationToken) ? stoppingToken
                : parameter.ParameterType == typeof(string) ? message.MessageText
                : parameter.ParameterType == typeof(BinaryData) ? message.Body
                : throw FunctionInvoker.Unbindable(function, parameter));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, exception, function.Name, message.MessageId, message.DequeueCount);
            await ReleaseOrPoisonAsync(queue, poison, message);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: hand the message back at once rather than when its lease ends (counting is exactly
            // once, so a message whose work was done but not deleted is safe to deliver again).
            await ReleaseOnShutdownAsync(queue, message);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task ReleaseOnShutdownAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
        {
            // Storage is unreachable too: the message reappears when its lease ends.
            LogReleaseFailed(logger, function.Name, message.MessageId, exception.GetType().Name);
        }
    }

    private async Task ReleaseOrPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        try
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                LogPoisoned(logger, function.Name, message.MessageId, message.DequeueCount);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout);
            }
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
        {
            // Storage is down too: the message reappears when its lease ends, as with the host.
            LogReleaseFailed(logger, function.Name, message.MessageId, exception.GetType().Name);
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling for {FunctionName} failed ({ErrorType}); trying again")]
    private static partial void LogPollFailed(ILogger logger, string functionName, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed on message {MessageId} (dequeue count {DequeueCount})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: message {MessageId} moved to the poison queue after {DequeueCount} attempts")]
    private static partial void LogPoisoned(ILogger logger, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: message {MessageId} could not be released ({ErrorType}); it reappears when its lease ends")]
    private static partial void LogReleaseFailed(ILogger logger, string functionName, string messageId, string errorType);
}
