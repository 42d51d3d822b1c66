using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Survey.Shared.Http;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>The answer to one submitted report.</summary>
public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    /// <summary>Durably on the queue; <paramref name="WithdrawalCode"/> is shown to the reporter once and never stored.</summary>
    public sealed record Accepted(string ReportId, string? WithdrawalCode = null) : IntakeResult;

    /// <summary>Well-formed JSON that breaks the schema: every bad field with its messages.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : IntakeResult;

    /// <summary>Not JSON, with where it broke.</summary>
    public sealed record Malformed(string Detail) : IntakeResult;

    /// <summary>The body is over <see cref="ReportIntake.MaxBodyBytes"/>.</summary>
    public sealed record TooLarge(int LimitBytes) : IntakeResult;

    /// <summary>The content type is not JSON.</summary>
    public sealed record UnsupportedMediaType(string? ContentType) : IntakeResult;

    /// <summary>Storage did not take the report within the budget; the client should retry.</summary>
    public sealed record Unavailable(int RetryAfterSeconds) : IntakeResult;

    /// <summary>A form post that filled the honeypot: answered like a report, but nothing was enqueued.</summary>
    public sealed record Discarded : IntakeResult;

    /// <summary>The gate of a single-use link did not let the report through (used, revoked, closed): nothing was enqueued.</summary>
    public sealed record Refused : IntakeResult;
}

/// <summary>
/// Lets one report through a single-use link: claimed after validation and before the enqueue, confirmed once the
/// report is on the queue, and released on every other outcome (refused by storage, the client gone, an error), so
/// the reporter can try again. A claim that is neither (the process stopped) expires; the gate then gives the next
/// report the same report id, so one that did reach the queue is not counted twice.
/// </summary>
public interface IReportGate
{
    /// <summary>Claims the link for a report; the report id to enqueue it under (<paramref name="reportId"/>, or an
    /// unconfirmed earlier claim's), or null when the link takes no report.</summary>
    Task<string?> TryClaimAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>The report is on the queue.</summary>
    Task ConfirmAsync(CancellationToken cancellationToken);

    /// <summary>The report is not on the queue (as far as this request knows).</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}

/// <summary>Reads, validates and enqueues a submitted report. Nothing is accepted unless it is on the queue.</summary>
public sealed partial class ReportIntake
{
    /// <summary>The largest body accepted (64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private readonly ReportValidator _validator;
    private readonly ReportQueue _queue;
    private readonly TimeProvider _time;
    private readonly IntakeOptions _options;
    private readonly ILogger<ReportIntake> _logger;

    internal ReportIntake(ReportValidator validator, ReportQueue queue, TimeProvider time, Microsoft.Extensions.Options.IOptions<IntakeOptions> options, ILogger<ReportIntake> logger)
    {
        _validator = validator;
        _queue = queue;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public Task<IntakeResult> SubmitJsonAsync(string? contentType, Stream body, CancellationToken cancellationToken)
        => SubmitJsonAsync(contentType, body, gate: null, cancellationToken);

    /// <summary>A JSON report through <paramref name="gate"/> (a single-use link), when there is one.</summary>
    public async Task<IntakeResult> SubmitJsonAsync(string? contentType, Stream body, IReportGate? gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsJson(contentType))
        {
            return new IntakeResult.UnsupportedMediaType(contentType);
        }

        var bytes = await RequestBodies.ReadAtMostAsync(body, MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return new IntakeResult.TooLarge(MaxBodyBytes);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(Utf8Bom(bytes) ? 3 : 0), DocumentOptions);
        }
        catch (JsonException exception)
        {
            return new IntakeResult.Malformed(
                $"The body is not valid JSON: line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1} of that line.");
        }

        using (document)
        {
            return await ValidateAndEnqueueAsync(document.RootElement, gate, cancellationToken);
        }
    }

    /// <summary>A report already read into a schema v1 object (a form post mapped by the form): validated and enqueued as a JSON one.</summary>
    internal async Task<IntakeResult> SubmitMappedAsync(byte[] json, IReportGate? gate, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return await ValidateAndEnqueueAsync(document.RootElement, gate, cancellationToken);
    }

    /// <summary>A form post that filled the honeypot: logged, and answered like a report with nothing enqueued.</summary>
    internal IntakeResult Discard()
    {
        LogDiscarded(_logger);
        return new IntakeResult.Discarded();
    }

    /// <summary>True for <c>application/x-www-form-urlencoded</c> in UTF-8 (or without a charset).</summary>
    public static bool IsForm(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var parsed)
           && string.Equals(parsed.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
           && (parsed.CharSet is null || parsed.CharSet.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private async Task<IntakeResult> ValidateAndEnqueueAsync(JsonElement body, IReportGate? gate, CancellationToken cancellationToken)
    {
        var validation = _validator.Validate(body);
        if (!validation.IsValid)
        {
            return new IntakeResult.Invalid(validation.Errors);
        }

        var submission = validation.Submission!;
        var receivedAt = _time.GetUtcNow();
        var reportId = (submission.SubmissionId ?? Guid.CreateVersion7(receivedAt)).ToString("D");
        if (gate is null)
        {
            return await EnqueueAsync(submission, reportId, receivedAt, cancellationToken);
        }

        if (await gate.TryClaimAsync(reportId, cancellationToken) is not { } claimedId)
        {
            return new IntakeResult.Refused();
        }

        // Every outcome but "on the queue" gives the link back: a 503, the client going away (cancelled), an error.
        IntakeResult? result = null;
        try
        {
            result = await EnqueueAsync(submission, claimedId, receivedAt, cancellationToken);
        }
        finally
        {
            if (result is IntakeResult.Accepted)
            {
                await ConfirmAsync(gate);
            }
            else
            {
                await gate.ReleaseAsync(CancellationToken.None);
            }
        }

        return result;
    }

    /// <summary>
    /// Confirms a claim whose report is on the queue. If that fails the report still stands (202); the claim then
    /// expires, and a later report through the link reuses the report id, so nothing counts twice.
    /// </summary>
    private async Task ConfirmAsync(IReportGate gate)
    {
        try
        {
            await gate.ConfirmAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or AggregateException or InvalidOperationException)
        {
            LogConfirmFailed(_logger, exception.GetType().Name);
        }
    }

    private async Task<IntakeResult> EnqueueAsync(ValidatedSubmission submission, string reportId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        string? withdrawalCode = null;
        try
        {
            await _queue.EnqueueReportAsync(
                key =>
                {
                    var withdrawal = WithdrawalCode.Create(key);
                    withdrawalCode = withdrawal.Code;
                    var envelope = new ReportEnvelope
                    {
                        WithdrawalHash = withdrawal.Hash,
                        RecordKey = RecordKeys.Draw(),
                        SchemaVersion = ReportEnvelope.CurrentSchemaVersion,
                        ReportId = reportId,
                        ReceivedAt = receivedAt,
                        Report = submission.Report,
                        ContactEmail = submission.ContactEmail,
                    };
                    return JsonSerializer.Serialize(envelope, SurveyJsonContext.Default.ReportEnvelope);
                },
                cancellationToken);
        }
        // Storage did not take it: the budget ran out (Polly's timeout), or Azure.Core gave up first — a failed
        // response, or, when every try failed without one (connection refused or reset, its own network
        // timeout), an AggregateException of them ("Retry failed after 4 tries"). Not when the client left.
        catch (Exception exception) when (exception is TimeoutRejectedException or Azure.RequestFailedException or HttpRequestException
                                              or AggregateException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, exception.GetType().Name);
            return new IntakeResult.Unavailable(_options.RetryAfterSeconds);
        }

        LogAccepted(_logger, reportId);
        return new IntakeResult.Accepted(reportId, withdrawalCode!);
    }

    private static bool Utf8Bom(byte[] bytes) => bytes is [0xEF, 0xBB, 0xBF, ..];

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null)
        {
            return false;
        }

        var charsetOk = parsed.CharSet is null || parsed.CharSet.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetOk && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                             || (parsed.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                                 && parsed.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} accepted and queued")]
    private static partial void LogAccepted(ILogger logger, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A report through a link is queued but its claim could not be confirmed ({ErrorType}); the claim expires")]
    private static partial void LogConfirmFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "A form post filled the honeypot; nothing was enqueued")]
    private static partial void LogDiscarded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not take a report within the budget ({ErrorType}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string errorType);
}
