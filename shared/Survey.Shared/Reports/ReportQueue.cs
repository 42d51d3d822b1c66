using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Survey.Shared.Aggregation;
using Survey.Shared.Operations;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>Puts accepted reports on the <c>reports</c> queue and unprocessable ones on its poison queue.</summary>
internal sealed partial class ReportQueue(SurveyStorage storage, PoisonQueue poison, ReportIndex index, ResiliencePipelineProvider<string> pipelines, ILogger<ReportQueue> logger)
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
    /// Registers an accepted report's withdrawal code, then puts the report on the queue, both within the one
    /// budget; returns once both are durable, throws when the budget runs out.
    /// </summary>
    public async Task EnqueueReportAsync(string message, string withdrawalHash, string reportId, CancellationToken cancellationToken)
    {
        await _enqueue.ExecuteAsync(
            async token =>
            {
                await index.RegisterWithdrawalCodeAsync(withdrawalHash, reportId, token);
                await storage.Reports.SendMessageAsync(message, token);
            },
            cancellationToken);
    }

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
