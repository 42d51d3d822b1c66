using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Survey.Shared.Aggregation;
using Survey.Shared.Operations;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>Puts accepted reports on the <c>reports</c> queue and unprocessable ones on its poison queue.</summary>
internal sealed partial class ReportQueue(SurveyStorage storage, PoisonQueue poison, WithdrawalKey key, ResiliencePipelineProvider<string> pipelines, ILogger<ReportQueue> logger)
{
    private readonly ResiliencePipeline _enqueue = pipelines.GetPipeline(SurveyPipelines.Enqueue);

    /// <summary>Returns once the message is durably on the queue; throws when the budget runs out.</summary>
    public async Task EnqueueAsync(string message, CancellationToken cancellationToken)
    {
        await _enqueue.ExecuteAsync(
            async token =>
            {
                await storage.EnsureCreatedAsync(token);
                await storage.Reports.SendMessageAsync(message, token);
            },
            cancellationToken);
    }

    /// <summary>
    /// Puts a report on the queue, composed by <paramref name="compose"/> with the service's withdrawal key (read once
    /// per process); returns once the message is durable, throws when the budget runs out. (The pipeline returns
    /// nothing: Polly logs what a pipeline returns, and the withdrawal code must never reach a log.)
    /// </summary>
    public async Task EnqueueReportAsync(Func<byte[], string> compose, CancellationToken cancellationToken)
        => await _enqueue.ExecuteAsync(
            async token =>
            {
                var message = compose(await key.GetAsync(token));
                await storage.EnsureCreatedAsync(token);
                await storage.Reports.SendMessageAsync(message, token);
            },
            cancellationToken);

    /// <summary>The withdrawal key, within the same budget as an enqueue (the first call of a process reads storage).</summary>
    public async Task<byte[]> WithdrawalKeyAsync(CancellationToken cancellationToken)
        => await _enqueue.ExecuteAsync(async token => await key.GetAsync(token), cancellationToken);

    /// <summary>
    /// Moves a message that can never succeed to the poison queue, wrapped with the reason and the time (see
    /// <see cref="PoisonEnvelope"/>), so the committee can list it and replay it after a fix.
    /// </summary>
    public async Task SendToPoisonAsync(string message, string reason, CancellationToken cancellationToken)
    {
        await poison.SendAsync(message, reason, cancellationToken);
        LogPoisoned(logger, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A report message was moved to the poison queue: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string reason);
}
