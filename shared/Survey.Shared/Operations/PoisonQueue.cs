using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues.Models;
using Survey.Shared.Storage;

namespace Survey.Shared.Operations;

/// <summary>
/// How a message the aggregator gave up on is stored in <c>reports-poison</c>: the original message with why and
/// when. Messages the Functions host moves there itself (after <c>maxDequeueCount</c> failed deliveries) arrive
/// raw, without this wrapper; both kinds are read here.
/// </summary>
internal sealed record PoisonEnvelope(int PoisonVersion, string Reason, DateTimeOffset PoisonedAt, string Original)
{
    public const int CurrentVersion = 1;
}

/// <summary>One message on the poison queue, unwrapped.</summary>
/// <param name="Reason">Why it was poisoned; null when the Functions host moved it (it records no reason).</param>
/// <param name="PoisonedAt">When it was poisoned (the envelope's time, else when it was put on the poison queue).</param>
internal sealed record PoisonedMessage(string MessageId, string? Reason, DateTimeOffset? PoisonedAt, long DequeueCount, string Original);

/// <summary>
/// The <c>reports-poison</c> queue: wraps what goes in, reads both wrapped and raw messages, and moves messages back
/// to <c>reports</c> (send first, then delete: a failure between the two leaves a copy on both, which the
/// aggregator counts once).
/// </summary>
internal sealed class PoisonQueue(SurveyStorage storage, TimeProvider time)
{
    /// <summary>The most messages the queue service returns from one peek or receive.</summary>
    public const int PageSize = 32;

    // Long enough for one replay pass over many pages; a message left hidden by a crash comes back after it.
    private static readonly TimeSpan ReplayLease = TimeSpan.FromSeconds(60);

    private const int MaxPages = 100;

    public async Task SendAsync(string original, string reason, CancellationToken cancellationToken)
    {
        var envelope = new PoisonEnvelope(PoisonEnvelope.CurrentVersion, reason, time.GetUtcNow(), original);
        await storage.EnsureCreatedAsync(cancellationToken);
        await storage.ReportsPoison.SendMessageAsync(JsonSerializer.Serialize(envelope, PoisonJsonContext.Default.PoisonEnvelope), cancellationToken);
    }

    /// <summary>How many messages wait in <c>reports-poison</c> and in <c>invitations-poison</c> (approximate counts).</summary>
    public async Task<(int Reports, int Invitations)> CountWaitingAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var reports = storage.ReportsPoison.GetPropertiesAsync(cancellationToken);
        var invitations = storage.InvitationsPoison.GetPropertiesAsync(cancellationToken);
        return ((await reports).Value.ApproximateMessagesCount, (await invitations).Value.ApproximateMessagesCount);
    }

    /// <summary>The approximate number of poison messages and the first <see cref="PageSize"/> of them (a peek changes nothing).</summary>
    public async Task<(int Count, IReadOnlyList<PoisonedMessage> First)> PeekAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var count = (await storage.ReportsPoison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var peeked = (await storage.ReportsPoison.PeekMessagesAsync(PageSize, cancellationToken)).Value;
        return (Math.Max(count, peeked.Length), peeked.Select(m => Unwrap(m.MessageId, m.Body.ToString(), m.InsertedOn, m.DequeueCount)).ToList());
    }

    /// <summary>
    /// Moves the chosen messages back to <c>reports</c>, page by page. Messages not chosen are hidden while the
    /// pass runs (so each is looked at once) and made visible again at its end.
    /// </summary>
    public async Task<(int Replayed, IReadOnlyList<string> Seen)> ReplayAsync(Func<PoisonedMessage, bool> choose, Func<bool> done, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var replayed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = new List<QueueMessage>();
        try
        {
            for (var page = 0; page < MaxPages && !done(); page++)
            {
                var messages = (await storage.ReportsPoison.ReceiveMessagesAsync(PageSize, ReplayLease, cancellationToken)).Value;
                var fresh = messages.Where(m => seen.Add(m.MessageId)).ToList();
                if (fresh.Count == 0)
                {
                    break;
                }

                foreach (var message in fresh)
                {
                    var poisoned = Unwrap(message.MessageId, message.Body.ToString(), message.InsertedOn, message.DequeueCount);
                    if (!choose(poisoned))
                    {
                        skipped.Add(message);
                        continue;
                    }

                    await storage.Reports.SendMessageAsync(poisoned.Original, cancellationToken);
                    await storage.ReportsPoison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    replayed++;
                }
            }
        }
        finally
        {
            foreach (var message in skipped)
            {
                await storage.ReportsPoison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
        }

        return (replayed, [.. seen]);
    }

    private static PoisonedMessage Unwrap(string messageId, string text, DateTimeOffset? insertedOn, long dequeueCount)
    {
        var envelope = TryReadEnvelope(text);
        return envelope is null
            ? new PoisonedMessage(messageId, null, insertedOn, dequeueCount, text)
            : new PoisonedMessage(messageId, envelope.Reason, envelope.PoisonedAt, dequeueCount, envelope.Original);
    }

    private static PoisonEnvelope? TryReadEnvelope(string text)
    {
        if (!text.Contains("\"poisonVersion\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, PoisonJsonContext.Default.PoisonEnvelope) is { PoisonVersion: PoisonEnvelope.CurrentVersion } envelope ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PoisonEnvelope))]
internal sealed partial class PoisonJsonContext : JsonSerializerContext;
