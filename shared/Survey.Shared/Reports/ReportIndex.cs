using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Survey.Shared.Storage;

namespace Survey.Shared.Reports;

/// <summary>What a report id's claim says about a delivery.</summary>
internal enum ReportClaim
{
    /// <summary>New, or already this plan's (a redelivery).</summary>
    Claimed,

    /// <summary>Another plan holds the id (a reused submission id with other content).</summary>
    OtherPlan,

    /// <summary>The reporter withdrew the report.</summary>
    Withdrawn,
}

/// <summary>
/// A claim's answer, with the plan the claim names (the plan that counts, or counted, the report); and, when the
/// claim was moved here from a plan that never counted the report, that plan (<paramref name="MovedFrom"/>).
/// </summary>
internal readonly record struct ClaimResult(ReportClaim Claim, string PlanKey, string? MovedFrom = null);

/// <summary>A report's claim as it stands: the plan it names, and whether the report was withdrawn.</summary>
internal sealed record ClaimState(string? PlanKey, bool Withdrawn);

/// <summary>
/// Table <c>reportindex</c>: PartitionKey = report id, its claim (the plan that counts it, a fingerprint of the report, and a withdrawal
/// mark); PartitionKey = <c>withdrawal|{sha256 of the code}</c>, the report a withdrawal code belongs to and
/// whether it was withdrawn — written when the report is counted, or as a tombstone when a code this service issued
/// is withdrawn first (a made-up code writes nothing); PartitionKey = <c>key|withdrawal</c>, the withdrawal key.
/// </summary>
internal sealed class ReportIndex(SurveyStorage storage)
{
    private const string PlanKeyProperty = "PlanKey";
    private const string ReportIdProperty = "ReportId";
    private const string WithdrawnProperty = "Withdrawn";
    private const string FingerprintProperty = "Fingerprint";
    private const string WithdrawalPrefix = "withdrawal|";
    private const string KeyPartition = "key|withdrawal";
    private const string KeyProperty = "Key";
    private const int KeyBytes = 32;

    /// <summary>
    /// Claims a report id for a plan: <see cref="ReportClaim.Claimed"/> when the id is new or already
    /// belongs to this plan (a redelivery); <see cref="ReportClaim.OtherPlan"/> when another plan holds it (a
    /// reused submission id with other content, or the same report counted there); <see cref="ReportClaim.Withdrawn"/>
    /// when its reporter withdrew it. The same report (same <paramref name="fingerprint"/>) claimed for a plan that
    /// never counted it — its count failed, into poison, and its names resolve elsewhere now (an alias or a merge
    /// since) — is claimed for this plan, under the claim's ETag, and answered <see cref="ReportClaim.Claimed"/>
    /// with the plan it was moved from. <paramref name="isCounted"/> tells whether a plan counts the report (its row in
    /// <c>planstats</c>).
    /// </summary>
    public async Task<ClaimResult> ClaimReportAsync(string reportId, string planKey, string fingerprint, Func<string, string, CancellationToken, Task<bool>> isCounted, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var claim = new TableEntity(reportId, string.Empty) { [PlanKeyProperty] = planKey, [FingerprintProperty] = fingerprint };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await storage.ReportIndex.AddEntityAsync(claim, cancellationToken);
                return new(ReportClaim.Claimed, planKey);
            }
            catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
            {
                // Claimed before: look at the claim.
            }

            var existing = await ReadIndexAsync(reportId, cancellationToken);
            if (existing is null)
            {
                continue;
            }

            var claimed = existing.GetString(PlanKeyProperty) ?? planKey;
            if (existing.GetBoolean(WithdrawnProperty) == true)
            {
                return new(ReportClaim.Withdrawn, claimed);
            }

            if (string.Equals(claimed, planKey, StringComparison.Ordinal))
            {
                return new(ReportClaim.Claimed, planKey);
            }

            if (existing.GetString(FingerprintProperty) is { } theirs && !string.Equals(theirs, fingerprint, StringComparison.Ordinal))
            {
                return new(ReportClaim.OtherPlan, claimed);
            }

            if (await isCounted(claimed, reportId, cancellationToken))
            {
                // Counted where it was claimed: a merge of that plan moves it.
                return new(ReportClaim.OtherPlan, claimed);
            }

            try
            {
                await storage.ReportIndex.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                return new(ReportClaim.Claimed, planKey, claimed);
            }
            catch (RequestFailedException exception) when (exception.Status == 412 && attempt < 10)
            {
                // Withdrawn or moved meanwhile: look again.
            }
        }
    }

    /// <summary>The report's claim as it stands now, or null when it was never claimed.</summary>
    public async Task<ClaimState?> ReadClaimAsync(string reportId, CancellationToken cancellationToken)
    {
        var claim = await ReadIndexAsync(reportId, cancellationToken);
        return claim is null ? null : new ClaimState(claim.GetString(PlanKeyProperty), claim.GetBoolean(WithdrawnProperty) == true);
    }

    /// <summary>Points a report id at the plan that counts it now (after a merge moved it), keeping a withdrawal mark.</summary>
    public async Task MoveClaimAsync(string reportId, string planKey, CancellationToken cancellationToken)
        => await storage.ReportIndex.UpsertEntityAsync(new TableEntity(reportId, string.Empty) { [PlanKeyProperty] = planKey }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// The withdrawal key (<see cref="WithdrawalKey"/>): read, or created by the first caller. Of two instances that
    /// create it at once one insert wins and both return the winner's key.
    /// </summary>
    public async Task<byte[]> ReadOrCreateWithdrawalKeyAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        if ((await ReadIndexAsync(KeyPartition, cancellationToken))?.GetBinary(KeyProperty) is { Length: KeyBytes } stored)
        {
            return stored;
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            await storage.ReportIndex.AddEntityAsync(new TableEntity(KeyPartition, string.Empty) { [KeyProperty] = key }, cancellationToken);
            return key;
        }
        catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
        {
            return (await ReadIndexAsync(KeyPartition, cancellationToken))?.GetBinary(KeyProperty)
                   ?? throw new InvalidOperationException("The withdrawal key row exists but holds no key.", exception);
        }
    }

    /// <summary>
    /// Links a report's withdrawal code to the report as the report is counted. True when the code was withdrawn
    /// already (a tombstone, or a withdrawal that came between): the report is then marked withdrawn too, and must not count.
    /// </summary>
    public async Task<bool> LinkWithdrawalCodeAsync(string codeHash, string reportId, CancellationToken cancellationToken)
    {
        var partition = WithdrawalPartition(codeHash);
        var existing = await ReadIndexAsync(partition, cancellationToken);
        if (existing is null)
        {
            try
            {
                await storage.ReportIndex.AddEntityAsync(new TableEntity(partition, string.Empty) { [ReportIdProperty] = reportId, [WithdrawnProperty] = false }, cancellationToken);
                return false;
            }
            catch (RequestFailedException exception) when (SurveyPipelines.IsDuplicate(exception))
            {
                existing = await ReadIndexAsync(partition, cancellationToken);
            }
        }

        if (existing?.GetBoolean(WithdrawnProperty) != true)
        {
            return false;
        }

        await MarkReportWithdrawnAsync(reportId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Marks a withdrawal code withdrawn and returns the id of the report it belongs to, or null when no delivery has
    /// linked the code yet. Then a code this service <paramref name="issued"/> leaves a tombstone (the row, marked
    /// withdrawn), which keeps its report from ever being counted; any other code writes nothing, so made-up codes
    /// leave no rows.
    /// </summary>
    public async Task<string?> WithdrawCodeAsync(string codeHash, bool issued, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var partition = WithdrawalPartition(codeHash);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await ReadIndexAsync(partition, cancellationToken);
            try
            {
                if (existing is null)
                {
                    if (issued)
                    {
                        await storage.ReportIndex.AddEntityAsync(new TableEntity(partition, string.Empty) { [WithdrawnProperty] = true }, cancellationToken);
                    }

                    return null;
                }

                if (existing.GetBoolean(WithdrawnProperty) != true)
                {
                    var mark = new TableEntity(partition, string.Empty) { [WithdrawnProperty] = true };
                    await storage.ReportIndex.UpdateEntityAsync(mark, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return existing.GetString(ReportIdProperty);
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412 && attempt < 10)
            {
                // Linked or withdrawn meanwhile: look again.
            }
        }
    }

    /// <summary>
    /// Marks a report withdrawn in its claim, so no later delivery counts it; returns the plan the claim names as
    /// it was marked, or null when it was never claimed. The mark is written under the ETag of the claim read, so a
    /// merge that moved the claim meanwhile makes it look again: the plan returned is where the report counts now
    /// (and a merge that moves the claim after the mark sees the mark and takes the report out of its target).
    /// </summary>
    public async Task<string?> MarkReportWithdrawnAsync(string reportId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var claim = await ReadIndexAsync(reportId, cancellationToken);
            if (claim is null)
            {
                return null;
            }

            try
            {
                if (claim.GetBoolean(WithdrawnProperty) != true)
                {
                    await storage.ReportIndex.UpdateEntityAsync(new TableEntity(reportId, string.Empty) { [WithdrawnProperty] = true }, claim.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return claim.GetString(PlanKeyProperty);
            }
            catch (RequestFailedException exception) when (exception.Status == 412 && attempt < 10)
            {
                // The claim moved (a merge) or was marked meanwhile: read it again.
            }
        }
    }

    /// <summary>True when the report's claim is marked withdrawn.</summary>
    public async Task<bool> IsWithdrawnAsync(string reportId, CancellationToken cancellationToken)
    {
        var claim = await ReadIndexAsync(reportId, cancellationToken);
        return claim?.GetBoolean(WithdrawnProperty) == true;
    }

    private async Task<TableEntity?> ReadIndexAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var response = await storage.ReportIndex.GetEntityIfExistsAsync<TableEntity>(partitionKey, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static string WithdrawalPartition(string codeHash) => WithdrawalPrefix + codeHash;
}
