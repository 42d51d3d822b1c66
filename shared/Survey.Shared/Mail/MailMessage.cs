namespace Survey.Shared.Mail;

/// <summary>One e-mail to one recipient, as text and HTML (sent as multipart/alternative).</summary>
/// <param name="ToAddress">The recipient's address. Personal data: never logged.</param>
/// <param name="ToName">The recipient's display name, if any.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="TextBody">The plain-text part.</param>
/// <param name="HtmlBody">The HTML part; every value in it must already be HTML-escaped.</param>
/// <param name="Headers">Extra headers, e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>.</param>
public sealed record MailMessage(string ToAddress, string? ToName, string Subject, string TextBody, string HtmlBody,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>What became of one message.</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The SMTP server accepted the message.</summary>
    public sealed record Sent : SendResult;

    /// <summary>
    /// The server refused it for good (a 5xx reply: bad or unknown address, sender or message refused).
    /// Retrying would not help. <paramref name="Reason"/> is the reply without any address in it.
    /// </summary>
    public sealed record Rejected(string Reason) : SendResult;
}

/// <summary>Sends e-mail.</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends one message. Transient failures (4xx replies, dropped connections, timeouts) are retried
    /// inside; a permanent refusal returns <see cref="SendResult.Rejected"/>.
    /// </summary>
    /// <exception cref="MailUnavailableException">Transient failures outlived the retries.</exception>
    /// <exception cref="InvalidOperationException">Sending is off: <c>Survey:Smtp:Host</c> is not set.</exception>
    Task<SendResult> SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>The SMTP server stayed unreachable or kept failing transiently through every retry; try again later.</summary>
public sealed class MailUnavailableException : Exception
{
    public MailUnavailableException()
    {
    }

    public MailUnavailableException(string message)
        : base(message)
    {
    }

    public MailUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
