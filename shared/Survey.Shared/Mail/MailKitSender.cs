using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Polly;
using Polly.Registry;
using Polly.Timeout;
using Survey.Shared.Storage;

namespace Survey.Shared.Mail;

/// <summary>
/// Sends through one SMTP connection shared by every caller (a singleton): connected and logged in on
/// first use, reused, and opened again when it was dropped. Transient failures are retried through the
/// <see cref="SurveyPipelines.Smtp"/> pipeline; a 5xx refusal is a <see cref="SendResult.Rejected"/>.
/// </summary>
/// <remarks>
/// Timeouts: the pipeline's per-attempt timeout bounds a whole attempt (waiting for the shared
/// connection, connect, log in, send) by cancelling it; MailKit honours the cancellation. MailKit's own
/// <see cref="SmtpClient.Timeout"/> bounds each socket read or write; it is set to twice the attempt
/// timeout, a backstop that never fires first, so a slow server always ends as the pipeline's
/// <see cref="TimeoutRejectedException"/> (retried) rather than a race between the two.
/// </remarks>
internal sealed partial class MailKitSender : IMailSender, IDisposable
{
    private readonly SmtpOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger<MailKitSender> _logger;

    // One connection, one SMTP transaction at a time: the protocol has no multiplexing.
    private readonly SemaphoreSlim _connection = new(1, 1);
    private SmtpClient? _client;

    public MailKitSender(IOptions<SmtpOptions> options, ResiliencePipelineProvider<string> pipelines, TimeProvider time, ILogger<MailKitSender> logger)
    {
        _options = options.Value;
        _pipeline = pipelines.GetPipeline(SurveyPipelines.Smtp);
        _time = time;
        _logger = logger;
    }

    public async Task<SendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_options.IsEnabled)
        {
            throw new InvalidOperationException(SmtpOptions.NotConfiguredMessage);
        }

        var reference = Reference(message.ToAddress);
        if (!MailboxAddress.TryParse(message.ToAddress, out var recipient) || !recipient.Address.Contains('@', StringComparison.Ordinal))
        {
            LogRejected(_logger, reference, "invalid address");
            return new SendResult.Rejected("The recipient address is not a valid e-mail address.");
        }

        recipient.Name = message.ToName;
        using var mime = Build(message, recipient);
        try
        {
            var result = await _pipeline.ExecuteAsync(
                static (state, token) => state.Sender.AttemptAsync(state.Mime, token), (Sender: this, Mime: mime), cancellationToken);
            if (result is SendResult.Rejected rejected)
            {
                LogRejected(_logger, reference, rejected.Reason);
            }
            else
            {
                LogSent(_logger, reference);
            }

            return result;
        }
        catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, reference, _options.MaxRetries + 1, exception.GetType().Name);
            throw new MailUnavailableException(
                $"The SMTP server {_options.Host}:{_options.Port} did not take the message in {_options.MaxRetries + 1} attempts: {Scrub(exception.Message)}",
                exception);
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Transient: worth another attempt on a fresh connection. 4xx replies, a dropped or broken
    /// connection, and timeouts (MailKit's <see cref="TimeoutException"/>, the pipeline's
    /// <see cref="TimeoutRejectedException"/>). Not transient: 5xx replies, TLS and login failures
    /// (configuration: retrying will not fix them).
    /// </summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode < 500,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException => true,
        TimeoutException or TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>A reference to an address for the logs: a hash prefix, never the address.</summary>
    internal static string Reference(string address)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToUpperInvariant())))[..8];

    /// <summary>A server's reply with any address in it replaced.</summary>
    internal static string Scrub(string reply) => AddressPattern().Replace(reply, "(address)").Trim();

    private async ValueTask<SendResult> AttemptAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        await _connection.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectAsync(cancellationToken);
            await client.SendAsync(mime, cancellationToken);
            return new SendResult.Sent();
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500 && refused.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
        {
            // The sender, a recipient or the message refused for good. MailKit resets the transaction
            // (RSET) after a refused command, so the connection stays usable.
            return new SendResult.Rejected($"{(int)refused.StatusCode} {Scrub(refused.Message)}");
        }
        catch
        {
            // Anything else leaves the connection in an unknown state: the next attempt opens a new one.
            Disconnect();
            throw;
        }
        finally
        {
            _connection.Release();
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } connected)
        {
            return connected;
        }

        Disconnect();
        var client = new SmtpClient { Timeout = (int)(_options.AttemptTimeout * 2).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host!, _options.Port, Map(_options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }

    /// <summary>Drops the connection without QUIT (it may be broken); called with the gate held.</summary>
    private void Disconnect()
    {
        _client?.Dispose();
        _client = null;
    }

    private MimeMessage Build(MailMessage message, MailboxAddress recipient)
    {
        var from = new MailboxAddress(_options.FromName, _options.FromAddress!); // validated at start when Host is set
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = _time.GetUtcNow(),
            // Fixed before the first attempt, so a message retried after an ambiguous drop keeps its Message-Id.
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new MultipartAlternative
            {
                new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.TextBody },
                new TextPart(MimeKit.Text.TextFormat.Html) { Text = message.HtmlBody },
            },
        };
        mime.From.Add(from);
        mime.To.Add(recipient);
        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Replace(name, value);
        }

        return mime;
    }

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [GeneratedRegex(@"[^\s<>""'()\[\]]+@[^\s<>""'()\[\]]+")]
    private static partial Regex AddressPattern();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail to {Recipient} sent")]
    private static partial void LogSent(ILogger logger, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail to {Recipient} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string recipient, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail to {Recipient} not sent: the SMTP server failed transiently in all {Attempts} attempts (last: {Error})")]
    private static partial void LogUnavailable(ILogger logger, string recipient, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    internal static partial void LogRetry(ILogger logger, int attempt, string error, TimeSpan delay);
}
