namespace Survey.Shared.Campaigns;

/// <summary>The mail states of an invitation (its invitation mail, and its one reminder).</summary>
internal static class MailState
{
    public const string None = "";
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
}

/// <summary>
/// What a token opens: the survey (<c>/s/{token}</c>, which also unsubscribes) or only the unsubscribe link
/// (<c>/u/{token}</c>, <c>List-Unsubscribe</c>), so whoever handles unsubscribes cannot open or submit the survey.
/// Rows written before the two were split carry no kind and are survey tokens (their mails used them for both).
/// </summary>
internal static class LinkKind
{
    public const string Survey = "survey";
    public const string Unsubscribe = "unsubscribe";
}

/// <summary>A stored token hash: the invitation it belongs to, and what it opens (<see cref="LinkKind"/>).</summary>
internal sealed record LinkToken(string CampaignId, string InvitationId, string Kind);

/// <summary>One recipient of a campaign. The address and name go after the campaign closes; the address hash stays.</summary>
internal sealed record Invitation(
    string CampaignId,
    string Id,
    string? Email,
    string? Name,
    string AddressHash,
    CampaignPrefill Prefill,
    string InviteState,
    DateTimeOffset? SendingSince,
    DateTimeOffset? SentAt,
    string? FailReason,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? RespondedAt,
    DateTimeOffset? UnsubscribedAt,
    DateTimeOffset? RevokedAt,
    string ReminderState,
    DateTimeOffset? RemindedAt,
    string? PendingReportId = null)
{
    /// <summary>
    /// How long a claim that was never confirmed (the process stopped between the claim and the enqueue's end)
    /// keeps the link from taking another report. Longer than the HTTP path can take (the enqueue budget is at
    /// most a minute); a report that did reach the queue meanwhile is not counted twice, because a new claim
    /// reuses <see cref="PendingReportId"/>.
    /// </summary>
    public static readonly TimeSpan PendingClaimTimeout = TimeSpan.FromMinutes(2);

    /// <summary>A link of this invitation takes a report at <paramref name="now"/>: not revoked, and not claimed, or claimed
    /// by a report that was never confirmed and whose claim is older than <see cref="PendingClaimTimeout"/>.</summary>
    public bool UsableAt(DateTimeOffset now)
        => RevokedAt is null && (RespondedAt is null || (PendingReportId is not null && RespondedAt <= now - PendingClaimTimeout));

    /// <summary>A report through a link of this invitation is on the queue (claimed and confirmed).</summary>
    public bool Responded => RespondedAt is not null && PendingReportId is null;
}

/// <summary>A message of the <c>invitations</c> queue: which invitation to mail, and whether it is the reminder.</summary>
internal sealed record InvitationMessage(string CampaignId, string InvitationId, bool Reminder);
