using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Campaigns;
using Survey.Shared.Mail;

namespace Survey.Shared.Signals;

/// <summary>What a digest run did: the digest it sent (null when nothing changed), its signals, and the messages sent now.</summary>
public sealed record DigestResult(string? DigestId, int Signals, int Sent);

/// <summary>What adding a subscriber came to.</summary>
public enum SubscribeOutcome
{
    Added,

    /// <summary>The address unsubscribed from the digest before; that is honoured.</summary>
    Unsubscribed,

    /// <summary>Not an e-mail address.</summary>
    Invalid,
}

/// <summary>
/// The digest to committee subscribers: the active signals that are new or stronger (or moved to another month) since
/// the last digest; nothing at all when there are none. Its signals are fixed when the digest is made (a row, with
/// them, before any send), and each send is claimed per digest and address before it goes out (an insert that fails
/// when it exists), so a run repeated or redelivered sends nobody the same digest twice; a run cut short leaves the
/// digest incomplete and the next run finishes it. A send that fails for now gives its claim back. Each message has
/// its own unsubscribe token (stored as a hash), also as <c>List-Unsubscribe</c> with one-click POST; links to briefs
/// need the committee's sign-in and carry no secret.
/// </summary>
public sealed partial class SignalDigest
{
    private readonly SignalStore _store;
    private readonly IMailSender _mail;
    private readonly CampaignOptions _links;
    private readonly TimeProvider _time;
    private readonly ILogger<SignalDigest> _logger;

    internal SignalDigest(SignalStore store, IMailSender mail, IOptions<CampaignOptions> links, TimeProvider time, ILogger<SignalDigest> logger)
    {
        _store = store;
        _mail = mail;
        _links = links.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Makes and sends the digest (or finishes the last one, when a run was cut short).</summary>
    public async Task<DigestResult> SendAsync(CancellationToken cancellationToken)
    {
        var latest = await _store.LatestDigestAsync(cancellationToken);
        string id;
        IReadOnlyList<Signal> signals;
        if (latest is { Completed: false })
        {
            (id, signals) = (latest.Id, await _store.ReadDigestAsync(latest.Id, cancellationToken));
        }
        else
        {
            signals = SignalService.Order((await _store.ListAsync(cancellationToken)).Where(IsNews).Select(s => s.Signal));
            if (signals.Count == 0)
            {
                LogNothing(_logger);
                return new DigestResult(null, 0, 0);
            }

            var now = _time.GetUtcNow();
            id = SignalStore.DigestId(now);
            await _store.AddDigestAsync(new DigestRecord(id, now, Completed: false), signals, cancellationToken);
        }

        await _store.MarkDigestedAsync(signals, cancellationToken);
        var (sent, complete) = (0, true);
        foreach (var (addressHash, email) in await _store.ListSubscribersAsync(cancellationToken))
        {
            if (!await _store.ClaimSendAsync(id, addressHash, _time.GetUtcNow(), cancellationToken))
            {
                continue;
            }

            var token = InvitationLinks.NewToken();
            await _store.AddTokenAsync(InvitationLinks.Hash(token), addressHash, _time.GetUtcNow(), cancellationToken);
            var message = DigestMail.Write(signals, email, _links.BaseUrl, UnsubscribeLink(token));
            try
            {
                if (await _mail.SendAsync(message, cancellationToken) is SendResult.Rejected rejected)
                {
                    LogRejected(_logger, id, rejected.Reason);
                }
                else
                {
                    sent++;
                }
            }
            catch (Exception exception) when (exception is MailUnavailableException or InvalidOperationException)
            {
                // Unavailable for now, or sending not configured (Survey:Smtp:Host unset): the claim goes back for the next run.
                await _store.ReleaseSendAsync(id, addressHash, CancellationToken.None);
                complete = false;
                LogUnavailable(_logger, id);
            }
        }

        if (complete)
        {
            await _store.CompleteDigestAsync(id, cancellationToken);
        }

        LogSent(_logger, id, signals.Count, sent);
        return new DigestResult(id, signals.Count, sent);
    }

    /// <summary>Adds a subscriber by address (committee); an address that unsubscribed stays unsubscribed.</summary>
    public async Task<SubscribeOutcome> SubscribeAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        email = email.Trim();
        if (email.Length is 0 or > Reports.ReportSchema.MaxEmailLength || !MimeKit.MailboxAddress.TryParse(email, out var mailbox) || mailbox.Address != email || !email.Contains('@', StringComparison.Ordinal))
        {
            return SubscribeOutcome.Invalid;
        }

        return await _store.AddSubscriberAsync(InvitationLinks.AddressHash(email), email, _time.GetUtcNow(), cancellationToken)
            ? SubscribeOutcome.Added
            : SubscribeOutcome.Unsubscribed;
    }

    /// <summary>Removes a subscriber by address (committee); true when it was subscribed. Its address is deleted.</summary>
    public Task<bool> RemoveAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        return _store.RemoveSubscriberAsync(InvitationLinks.AddressHash(email), cancellationToken);
    }

    /// <summary>How many addresses receive the digest (the addresses themselves are not shown).</summary>
    public async Task<int> CountSubscribersAsync(CancellationToken cancellationToken) => (await _store.ListSubscribersAsync(cancellationToken)).Count;

    /// <summary>Whether <paramref name="token"/> is a digest's unsubscribe token (changes nothing: mail scanners fetch links).</summary>
    public async Task<bool> IsUnsubscribeTokenAsync(string token, CancellationToken cancellationToken)
        => InvitationLinks.LooksLikeToken(token) && await _store.TokenAddressAsync(InvitationLinks.Hash(token), cancellationToken) is not null;

    /// <summary>Unsubscribes the address a token was sent to, for good; false for an unknown token.</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!InvitationLinks.LooksLikeToken(token) || await _store.TokenAddressAsync(InvitationLinks.Hash(token), cancellationToken) is not { } addressHash)
        {
            return false;
        }

        await _store.SuppressAsync(addressHash, _time.GetUtcNow(), cancellationToken);
        LogUnsubscribed(_logger);
        return true;
    }

    /// <summary>The one-click unsubscribe link of a digest: <c>{PublicBaseUrl}/signals/unsubscribe/{token}</c>.</summary>
    private string UnsubscribeLink(string token) => $"{_links.BaseUrl}/signals/unsubscribe/{token}";

    /// <summary>Active, and not carried by a digest yet as it stands: new, at another month, or strong where it was moderate.</summary>
    private static bool IsNews(StoredSignal stored)
        => stored.Signal.IsActive
           && (stored.DigestedMonth != stored.Signal.Month || (stored.Signal.Strength == Signal.Strong && stored.DigestedStrength != Signal.Strong));

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal digest: nothing new since the last digest, nothing sent")]
    private static partial void LogNothing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal digest {DigestId}: {Signals} signals, {Sent} messages sent by this run")]
    private static partial void LogSent(ILogger logger, string digestId, int signals, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signal digest {DigestId}: a message was refused by the mail server: {Reason}")]
    private static partial void LogRejected(ILogger logger, string digestId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signal digest {DigestId}: the mail server is unavailable or not configured; the next run sends what is left")]
    private static partial void LogUnavailable(ILogger logger, string digestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A digest subscriber unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger);
}
