namespace Survey.Shared.Storage;

/// <summary>Queue and table names. The queue names also appear in trigger attributes, which need constants.</summary>
public static class StorageNames
{
    public const string ReportsQueue = "reports";

    /// <summary>The name the Functions host uses for messages that failed <c>maxDequeueCount</c> times.</summary>
    public const string ReportsPoisonQueue = ReportsQueue + "-poison";

    /// <summary>Per plan (PartitionKey): the plan's report rows and its aggregate rows, so one transaction covers both.</summary>
    public const string PlanStatsTable = "planstats";

    /// <summary>One partition listing every plan that has reports, so listing plans never walks report rows.</summary>
    public const string PlansTable = "plans";

    /// <summary>Report id to plan key: claims an id for one plan, so a reused submission id never counts in two plans.</summary>
    public const string ReportIndexTable = "reportindex";

    /// <summary>The plan catalogue: insurers, plans, aliases, merges.</summary>
    public const string CatalogueTable = "catalogue";

    /// <summary>Who read what of the committee's data, and when.</summary>
    public const string AccessLogTable = "accesslog";

    /// <summary>The committee's credentials and browser sessions (hashes only).</summary>
    public const string CommitteeTable = "committee";

    /// <summary>Contact e-mails, kept apart from reports.</summary>
    public const string ContactsTable = "contacts";

    /// <summary>Send requests of campaign invitations (ids only).</summary>
    public const string InvitationsQueue = "invitations";

    /// <summary>Invitation messages that failed <c>maxDequeueCount</c> times.</summary>
    public const string InvitationsPoisonQueue = InvitationsQueue + "-poison";

    /// <summary>E-mail campaigns of the committee.</summary>
    public const string CampaignsTable = "campaigns";

    /// <summary>Per campaign (PartitionKey): its invitations, and one row per invited address hash.</summary>
    public const string InvitationsTable = "invitations";

    /// <summary>SHA-256 of each personal link token to its campaign and invitation.</summary>
    public const string LinkTokensTable = "linktokens";

    /// <summary>Hashes of the addresses that unsubscribed, honoured by every campaign.</summary>
    public const string SuppressionsTable = "suppressions";

    /// <summary>Frozen snapshots of the public statistics (<c>Stats/PublicSnapshotStore</c>).</summary>
    public const string PublicStatsTable = "publicstats";
}
