using System.Text.Json;
using Survey.Shared.Storage;

namespace Survey.Shared.Operations;

/// <summary>
/// One poison message as the committee sees it: ids, why, when, never the report's content (no narrative,
/// contact or names).
/// </summary>
/// <param name="ReportId">The report's id when the message is readable enough to have one.</param>
/// <param name="MovedBy"><c>aggregator</c> (it can never be counted; <paramref name="Reason"/> says why) or
/// <c>host</c> (it failed every delivery, <c>maxDequeueCount</c> in host.json, and was moved by the queue trigger).</param>
/// <param name="DequeueCount">How often the message was taken from the poison queue (by replays that skipped it).</param>
public sealed record PoisonMessageInfo(string MessageId, string? ReportId, string Reason, string MovedBy, DateTimeOffset? PoisonedAt, long DequeueCount);

/// <summary>The poison queue: how many messages it holds and the first of them.</summary>
public sealed record PoisonListing(int Count, IReadOnlyList<PoisonMessageInfo> Messages);

/// <summary>How many messages wait in the poison queues: reports not counted, invitations not sent.</summary>
public sealed record PoisonWaiting(int Reports, int Invitations)
{
    public bool Any => Reports > 0 || Invitations > 0;
}

/// <summary>What a replay moved back to the <c>reports</c> queue, and which asked-for ids were not on the poison queue.</summary>
public sealed record PoisonReplay(int Replayed, IReadOnlyList<string> NotFound);

/// <summary>
/// Lists the <c>reports-poison</c> queue and replays its messages to <c>reports</c> after a fix. Replaying is
/// safe to repeat: the aggregator counts a report once however often its message arrives, and a message that
/// still cannot be counted returns to the poison queue with its reason.
/// </summary>
public sealed class PoisonMessages
{
    /// <summary>The reason given for messages the Functions host moved, which carry none of their own.</summary>
    public const string HostReason = "failed every delivery (maxDequeueCount) and was moved by the queue trigger; typically storage was unavailable meanwhile";

    private readonly PoisonQueue _queue;

    internal PoisonMessages(PoisonQueue queue) => _queue = queue;

    /// <summary>How many messages wait in <c>reports-poison</c> and <c>invitations-poison</c>.</summary>
    public async Task<PoisonWaiting> WaitingAsync(CancellationToken cancellationToken)
    {
        var (reports, invitations) = await _queue.CountWaitingAsync(cancellationToken);
        return new PoisonWaiting(reports, invitations);
    }

    /// <summary>The count and the first <see cref="PoisonQueue.PageSize"/> messages (a peek: nothing is changed).</summary>
    public async Task<PoisonListing> ListAsync(CancellationToken cancellationToken)
    {
        var (count, first) = await _queue.PeekAsync(cancellationToken);
        return new PoisonListing(count, first.Select(Describe).ToList());
    }

    /// <summary>Moves the messages with these ids (every message when null) back to the <c>reports</c> queue.</summary>
    public async Task<PoisonReplay> ReplayAsync(IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken)
    {
        var wanted = messageIds is null ? null : new HashSet<string>(messageIds, StringComparer.Ordinal);
        var replayedIds = new HashSet<string>(StringComparer.Ordinal);
        var (replayed, _) = await _queue.ReplayAsync(
            message =>
            {
                if (wanted is not null && !wanted.Contains(message.MessageId))
                {
                    return false;
                }

                replayedIds.Add(message.MessageId);
                return true;
            },
            () => wanted is not null && replayedIds.Count == wanted.Count,
            cancellationToken);
        return new PoisonReplay(replayed, wanted is null ? [] : wanted.Where(id => !replayedIds.Contains(id)).Order(StringComparer.Ordinal).ToList());
    }

    private static PoisonMessageInfo Describe(PoisonedMessage message)
        => new(message.MessageId, ReportIdOf(message.Original), message.Reason ?? HostReason, message.Reason is null ? "host" : "aggregator", message.PoisonedAt, message.DequeueCount);

    /// <summary>The <c>reportId</c> of a report envelope, only when it is a UUID (so nothing else is ever echoed).</summary>
    private static string? ReportIdOf(string original)
    {
        try
        {
            using var document = JsonDocument.Parse(original);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("reportId", out var id)
                   && id.ValueKind == JsonValueKind.String
                   && Guid.TryParseExact(id.GetString(), "D", out var reportId)
                ? reportId.ToString("D")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
