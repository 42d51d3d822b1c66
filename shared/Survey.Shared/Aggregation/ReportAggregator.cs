using System.Text.Json;
using Microsoft.Extensions.Logging;
using Survey.Shared.Catalogue;
using Survey.Shared.Reports;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>What became of one queue message.</summary>
public enum AggregationOutcome
{
    /// <summary>The report was stored and counted.</summary>
    Counted,

    /// <summary>The report had been counted before (a redelivery, or a submission id seen earlier).</summary>
    Duplicate,

    /// <summary>The message can never be counted and was moved to the poison queue.</summary>
    Poisoned,
}

/// <summary>
/// Turns one <c>reports</c> queue message into stored report and aggregates, exactly once however
/// often it is delivered. Transient storage failures throw, so the queue delivers the message again;
/// a message that can never succeed goes to the poison queue at once.
/// </summary>
public sealed partial class ReportAggregator
{
    private readonly ReportValidator _validator;
    private readonly PlanCatalogue _catalogue;
    private readonly PlanStore _store;
    private readonly ReportQueue _queue;
    private readonly ILogger<ReportAggregator> _logger;

    internal ReportAggregator(ReportValidator validator, PlanCatalogue catalogue, PlanStore store, ReportQueue queue, ILogger<ReportAggregator> logger)
    {
        _validator = validator;
        _catalogue = catalogue;
        _store = store;
        _queue = queue;
        _logger = logger;
    }

    public async Task<AggregationOutcome> ProcessAsync(string message, CancellationToken cancellationToken)
    {
        var problem = TryRead(message, out var envelope);
        if (problem is not null)
        {
            await _queue.SendToPoisonAsync(message, problem, cancellationToken);
            return AggregationOutcome.Poisoned;
        }

        var report = envelope!.Report;
        var planKey = (await _catalogue.GetAsync(cancellationToken)).Resolve(report.Insurer, report.Plan).PlanKey;
        if (!await _store.ClaimReportAsync(envelope.ReportId, planKey, cancellationToken))
        {
            LogDuplicate(_logger, envelope.ReportId, "its submission id is counted under another plan");
            return AggregationOutcome.Duplicate;
        }

        await _store.EnsureListedAsync(planKey, cancellationToken);
        if (envelope.ContactEmail is not null)
        {
            await _store.SaveContactAsync(envelope.ReportId, envelope.ContactEmail, envelope.ReceivedAt, cancellationToken);
        }

        var stored = new StoredReport(envelope.ReportId, report, envelope.ReceivedAt, envelope.SchemaVersion);
        if (!await _store.CountReportAsync(planKey, stored, report.Insurer, report.Plan, cancellationToken))
        {
            LogDuplicate(_logger, envelope.ReportId, "it was counted before");
            return AggregationOutcome.Duplicate;
        }

        LogCounted(_logger, envelope.ReportId, planKey, report.ServiceMonth);
        return AggregationOutcome.Counted;
    }

    /// <summary>Null when the message is a countable report; otherwise why it never will be.</summary>
    private string? TryRead(string message, out ReportEnvelope? envelope)
    {
        envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize(message, SurveyJsonContext.Default.ReportEnvelope);
        }
        catch (JsonException exception)
        {
            return $"the message is not a report envelope ({exception.Path ?? "$"}, line {exception.LineNumber})";
        }

        if (envelope is null)
        {
            return "the message is empty";
        }

        if (envelope.SchemaVersion != ReportEnvelope.CurrentSchemaVersion)
        {
            return $"unsupported envelope schema version {envelope.SchemaVersion}";
        }

        if (!Guid.TryParseExact(envelope.ReportId, "D", out _))
        {
            return "the report id is not a UUID";
        }

        // The report was validated at intake; validating again keeps a hand-made or stale message
        // from putting values into the aggregates that the schema does not allow.
        var validation = _validator.Validate(JsonSerializer.SerializeToElement(envelope.Report, SurveyJsonContext.Default.Report));
        return validation.IsValid ? null : $"the report breaks the schema in: {string.Join(", ", validation.Errors.Keys)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} counted in plan {PlanKey} for {ServiceMonth}")]
    private static partial void LogCounted(ILogger logger, string reportId, string planKey, string serviceMonth);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} not counted again: {Reason}")]
    private static partial void LogDuplicate(ILogger logger, string reportId, string reason);
}
