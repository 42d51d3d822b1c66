// TEMPORARY: the agreed API of branch `mail`, replaced by the merge.
namespace Survey.Shared.Mail;

public sealed record MailMessage(string ToAddress, string? ToName, string Subject, string TextBody, string HtmlBody, IReadOnlyDictionary<string, string> Headers);

public abstract record SendResult
{
    public sealed record Sent : SendResult;

    public sealed record Rejected(string Reason) : SendResult;
}

public interface IMailSender
{
    Task<SendResult> SendAsync(MailMessage message, CancellationToken cancellationToken);
}

public sealed class MailUnavailableException : Exception
{
    public MailUnavailableException()
    {
    }

    public MailUnavailableException(string message)
        : base(message)
    {
    }

    public MailUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
