using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>The answer to a withdrawal request.</summary>
public abstract record WithdrawalResult
{
    private WithdrawalResult()
    {
    }

    /// <summary>On the queue. The same answer whether or not the code belongs to a report, so it reveals nothing.</summary>
    public sealed record Accepted : WithdrawalResult;

    /// <summary>The text cannot be a withdrawal code (the error is keyed <c>code</c>).</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : WithdrawalResult;

    /// <summary>Storage did not take the request within the budget; nothing was saved.</summary>
    public sealed record Unavailable(int RetryAfterSeconds) : WithdrawalResult;
}

/// <summary>
/// Takes withdrawal requests: checks that the text can be a code, and queues its hash (never the code) for the
/// aggregator, which takes the report out of its plan or, if the report is still on the queue, leaves a
/// tombstone so it is never counted.
/// </summary>
public sealed partial class ReportWithdrawals
{
    private readonly ReportQueue _queue;
    private readonly TimeProvider _time;
    private readonly IntakeOptions _options;
    private readonly ILogger<ReportWithdrawals> _logger;

    internal ReportWithdrawals(ReportQueue queue, TimeProvider time, IOptions<IntakeOptions> options, ILogger<ReportWithdrawals> logger)
    {
        _queue = queue;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<WithdrawalResult> WithdrawAsync(string? code, CancellationToken cancellationToken)
    {
        if (!WithdrawalCode.IsWellFormed(code))
        {
            return new WithdrawalResult.Invalid(new Dictionary<string, string[]>
            {
                ["code"] = ["The code is not a withdrawal code: 32 characters A-Z and 2-7 (hyphens and spaces are ignored)."],
            });
        }

        try
        {
            var typed = WithdrawalCode.TryRead(code, await _queue.WithdrawalKeyAsync(cancellationToken))!.Value;
            var envelope = new WithdrawalEnvelope { SchemaVersion = ReportEnvelope.CurrentSchemaVersion, Withdrawal = typed.Hash, Issued = typed.Issued, RequestedAt = _time.GetUtcNow() };
            await _queue.EnqueueAsync(JsonSerializer.Serialize(envelope, SurveyJsonContext.Default.WithdrawalEnvelope), cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or Azure.RequestFailedException or HttpRequestException or AggregateException
                                              && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, exception.GetType().Name);
            return new WithdrawalResult.Unavailable(_options.RetryAfterSeconds);
        }

        LogQueued(_logger);
        return new WithdrawalResult.Accepted();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A withdrawal was queued")]
    private static partial void LogQueued(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not take a withdrawal within the budget ({ErrorType}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string errorType);
}
