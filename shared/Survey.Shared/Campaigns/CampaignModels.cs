namespace Survey.Shared.Campaigns;

/// <summary>What a campaign's links fill in on the form; every part optional.</summary>
public sealed record CampaignPrefill(string? Insurer = null, string? Plan = null, string? ReporterRole = null, string? Language = null)
{
    public static CampaignPrefill None { get; } = new();

    /// <summary>This prefill with every part <paramref name="other"/> sets taken from it (a recipient's prefill over the campaign's).</summary>
    public CampaignPrefill Over(CampaignPrefill? other) => other is null
        ? this
        : new(other.Insurer ?? Insurer, other.Plan ?? Plan, other.ReporterRole ?? ReporterRole, other.Language ?? Language);
}

/// <summary>A campaign's own e-mail text in one language; anything left out uses the default text.</summary>
public sealed record CampaignMailText(string? Subject = null, string? Body = null, string? ReminderSubject = null, string? ReminderBody = null);

/// <summary>Body of <c>POST /api/campaigns</c>.</summary>
public sealed record NewCampaign(
    string? Name,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    CampaignPrefill? Prefill = null,
    Dictionary<string, CampaignMailText>? Texts = null);

/// <summary>How a campaign's links reach the recipients: not yet chosen, by e-mail, or as a CSV download.</summary>
public static class CampaignDelivery
{
    public const string None = "";
    public const string Email = "email";
    public const string Csv = "csv";
}

/// <summary>A campaign as the committee sees it.</summary>
public sealed record Campaign(
    string Id,
    string Name,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    CampaignPrefill Prefill,
    IReadOnlyDictionary<string, CampaignMailText> Texts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string Delivery,
    DateTimeOffset? AddressesDeletedAt,
    DateTimeOffset? LinksDownloadedAt = null)
{
    /// <summary>Closed by the committee, or past its close date.</summary>
    public bool IsClosed(DateTimeOffset now) => ClosedAt is not null || now >= ClosesAt;

    /// <summary>When it stopped taking reports (the earlier of the close request and the close date), or null while open.</summary>
    public DateTimeOffset? ClosedSince(DateTimeOffset now)
    {
        var closed = ClosedAt is { } at && at < ClosesAt ? at : ClosesAt;
        return IsClosed(now) ? closed : null;
    }

    /// <summary>Links work between the open and the close date, until the committee closes the campaign.</summary>
    public bool TakesReports(DateTimeOffset now) => now >= OpensAt && !IsClosed(now);
}

/// <summary>One recipient to invite (a JSON item or a CSV row).</summary>
public sealed record Recipient(string? Email, string? Name = null, string? Insurer = null, string? Plan = null, string? Role = null, string? Language = null);

/// <summary>Body of <c>POST /api/campaigns/{id}/invitations</c> as JSON.</summary>
public sealed record RecipientList(List<Recipient>? Recipients);

/// <summary>A recipient that was not added, by its row (1-based item, or CSV line) and why.</summary>
public sealed record InvalidRecipient(int Row, string Reason);

/// <summary>An added recipient's invitation id, by its row (to revoke it later).</summary>
public sealed record AddedRecipient(int Row, string InvitationId);

/// <summary>What adding recipients did.</summary>
public sealed record RecipientsAdded(int Added, int SkippedSuppressed, int SkippedDuplicate, IReadOnlyList<InvalidRecipient> Invalid, IReadOnlyList<AddedRecipient> Invitations);

/// <summary>Where a campaign's invitations are; an invitation counts in every column it has reached.</summary>
public sealed record CampaignProgress(int Invitations, int Queued, int Sent, int Failed, int Suppressed, int Opened, int Responded, int Unsubscribed, int Reminded, int Revoked);

/// <summary>A campaign and its progress.</summary>
public sealed record CampaignStatus(Campaign Campaign, CampaignProgress Progress);

/// <summary>The outcome of a committee request on a campaign.</summary>
public abstract record CampaignResult
{
    private CampaignResult()
    {
    }

    public sealed record Done(object? Value) : CampaignResult;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CampaignResult;

    public sealed record NotFound(string What) : CampaignResult;

    public sealed record Conflict(string Title, string Detail) : CampaignResult;
}
