using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Survey.Shared.Catalogue;
using Survey.Shared.Contacts;
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

    /// <summary>A withdrawal was carried out, or a report was not counted (or taken out again) because its reporter withdrew it.</summary>
    Withdrawn,
}

/// <summary>
/// Turns one <c>reports</c> queue message into stored report and aggregates, exactly once however
/// often it is delivered. Transient storage failures throw, so the queue delivers the message again;
/// a message that can never succeed goes to the poison queue at once.
/// </summary>
public sealed partial class ReportAggregator
{
    /// <summary>How many retired plans a report follows to the plan they were merged into (a chain of merges).</summary>
    private const int MaxMergeHops = 8;

    private readonly ReportValidator _validator;
    private readonly PlanCatalogue _catalogue;
    private readonly PlanStore _store;
    private readonly ReportIndex _index;
    private readonly ContactStore _contacts;
    private readonly ReportQueue _queue;
    private readonly ILogger<ReportAggregator> _logger;

    internal ReportAggregator(ReportValidator validator, PlanCatalogue catalogue, PlanStore store, ReportIndex index, ContactStore contacts, ReportQueue queue, ILogger<ReportAggregator> logger)
    {
        _validator = validator;
        _catalogue = catalogue;
        _store = store;
        _index = index;
        _contacts = contacts;
        _queue = queue;
        _logger = logger;
    }

    public async Task<AggregationOutcome> ProcessAsync(string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (WithdrawalMessage.TryRead(message) is { } withdrawal)
        {
            return await WithdrawAsync(withdrawal, cancellationToken);
        }

        var problem = TryRead(message, out var envelope);
        if (problem is not null)
        {
            await _queue.SendToPoisonAsync(message, problem, cancellationToken);
            return AggregationOutcome.Poisoned;
        }

        var report = envelope!.Report;
        var planKey = (await _catalogue.GetAsync(cancellationToken)).Resolve(report.Insurer, report.Plan).PlanKey;
        var claim = await _index.ClaimReportAsync(envelope.ReportId, planKey, Fingerprint(report), _store.IsCountedAsync, cancellationToken);
        switch (claim.Claim)
        {
            case ReportClaim.OtherPlan:
                LogDuplicate(_logger, envelope.ReportId, "its submission id is counted under another plan");
                return AggregationOutcome.Duplicate;
            case ReportClaim.Withdrawn:
                // An earlier delivery may have counted it after the withdrawal looked, and stopped before its re-check.
                await TakeOutAsync(claim.PlanKey, envelope.ReportId, cancellationToken);
                LogNotCounted(_logger, envelope.ReportId);
                return AggregationOutcome.Withdrawn;
        }

        if (envelope.WithdrawalHash is { } codeHash && await _index.LinkWithdrawalCodeAsync(codeHash, envelope.ReportId, cancellationToken))
        {
            await TakeOutAsync(planKey, envelope.ReportId, cancellationToken);
            LogNotCounted(_logger, envelope.ReportId);
            return AggregationOutcome.Withdrawn;
        }

        await _store.EnsureListedAsync(planKey, cancellationToken);
        if (envelope.ContactEmail is not null)
        {
            await _contacts.SaveContactAsync(envelope.ReportId, envelope.ContactEmail, envelope.ReceivedAt, cancellationToken);
        }

        var stored = new StoredReport(envelope.ReportId, report, envelope.ReceivedAt, envelope.SchemaVersion, envelope.RecordKey);
        bool counted;
        for (var hop = 1; ; hop++)
        {
            try
            {
                counted = await _store.CountReportAsync(planKey, stored, report.Insurer, report.Plan, cancellationToken);
                break;
            }
            catch (PlanMergedException merged) when (hop < MaxMergeHops)
            {
                // This instance's catalogue is older than a merge: the plan was retired. Count it where it went.
                _catalogue.Invalidate();
                planKey = merged.Target;
                await _index.MoveClaimAsync(envelope.ReportId, planKey, cancellationToken);
                await _store.EnsureListedAsync(planKey, cancellationToken);
            }
        }
        if (claim.MovedFrom is { } earlier && !string.Equals(earlier, planKey, StringComparison.Ordinal)
            && await _store.ReadReportAsync(earlier, envelope.ReportId, cancellationToken) is { } there)
        {
            // A delivery with the older resolution counted it there after all, before this one moved the claim.
            await _store.UncountReportAsync(earlier, there, cancellationToken);
        }

        // A withdrawal that ran while this was counted may have found nothing to take out yet: take it out here.
        // (A withdrawal marks the claim before it takes the report out, so one of the two always sees the other.)
        // Likewise a delivery that resolved the report elsewhere (after an alias or a merge) may have moved the claim.
        var now = await _index.ReadClaimAsync(envelope.ReportId, cancellationToken);
        if (now?.Withdrawn == true)
        {
            await RemoveAsync(planKey, stored, cancellationToken);
            LogNotCounted(_logger, envelope.ReportId);
            return AggregationOutcome.Withdrawn;
        }

        if (now?.PlanKey is { } current && !string.Equals(current, planKey, StringComparison.Ordinal))
        {
            await _store.UncountReportAsync(planKey, stored, cancellationToken);
            LogDuplicate(_logger, envelope.ReportId, "its claim moved to another plan meanwhile");
            return AggregationOutcome.Duplicate;
        }

        if (!counted)
        {
            LogDuplicate(_logger, envelope.ReportId, "it was counted before");
            return AggregationOutcome.Duplicate;
        }

        LogCounted(_logger, envelope.ReportId, planKey, report.ServiceMonth);
        return AggregationOutcome.Counted;
    }

    /// <summary>
    /// Carries out a withdrawal: marks the code (linked when its report was counted; a code this service issued whose
    /// report is still on the queue leaves a tombstone; any other code changes nothing) and the report's
    /// claim withdrawn, then takes the report out of its plan (totals and months, exactly once) and deletes
    /// its row and its contact. Every step is idempotent, so a redelivery or a second withdrawal changes nothing.
    /// </summary>
    private async Task<AggregationOutcome> WithdrawAsync(WithdrawalEnvelope withdrawal, CancellationToken cancellationToken)
    {
        var reportId = await _index.WithdrawCodeAsync(withdrawal.Withdrawal, withdrawal.Issued, cancellationToken);
        if (reportId is null)
        {
            LogUnknownCode(_logger);
            return AggregationOutcome.Withdrawn;
        }

        var planKey = await _index.MarkReportWithdrawnAsync(reportId, cancellationToken);
        await TakeOutAsync(planKey, reportId, cancellationToken);
        LogWithdrawn(_logger, reportId);
        return AggregationOutcome.Withdrawn;
    }

    /// <summary>Takes a withdrawn report out of its plan if it is counted there, and deletes its contact (idempotent).</summary>
    private async Task TakeOutAsync(string? planKey, string reportId, CancellationToken cancellationToken)
    {
        if (planKey is not null && await _store.ReadReportAsync(planKey, reportId, cancellationToken) is { } stored)
        {
            await RemoveAsync(planKey, stored, cancellationToken);
        }
        else
        {
            await _contacts.DeleteContactAsync(reportId, cancellationToken);
        }
    }

    private async Task RemoveAsync(string planKey, StoredReport stored, CancellationToken cancellationToken)
    {
        await _store.UncountReportAsync(planKey, stored, cancellationToken);
        await _contacts.DeleteContactAsync(stored.ReportId, cancellationToken);
    }

    /// <summary>What tells a redelivery of a report from another report under the same id: a hash of its content.</summary>
    private static string Fingerprint(Report report)
        => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report, SurveyJsonContext.Default.Report)));

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
        var validation = _validator.ValidateQueued(envelope.Report);
        return validation.IsValid ? null : $"the report breaks the schema in: {string.Join(", ", validation.Errors.Keys)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} counted in plan {PlanKey} for {ServiceMonth}")]
    private static partial void LogCounted(ILogger logger, string reportId, string planKey, string serviceMonth);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} withdrawn by its reporter: taken out of its plan, its row and contact deleted")]
    private static partial void LogWithdrawn(ILogger logger, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} not counted: its reporter withdrew it")]
    private static partial void LogNotCounted(ILogger logger, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A withdrawal's code belongs to no accepted report: nothing to withdraw, nothing written")]
    private static partial void LogUnknownCode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} not counted again: {Reason}")]
    private static partial void LogDuplicate(ILogger logger, string reportId, string reason);
}
