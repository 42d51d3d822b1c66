using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Survey.Shared.Contacts;
using Survey.Shared.Storage;

namespace Survey.Shared.Retention;

/// <summary>Deletes contact e-mails older than <see cref="RetentionOptions.ContactDays"/>; reports and aggregates stay.</summary>
public sealed partial class ContactRetention
{
    private readonly ContactStore _contacts;
    private readonly TimeProvider _time;
    private readonly RetentionOptions _options;
    private readonly ILogger<ContactRetention> _logger;

    internal ContactRetention(ContactStore contacts, TimeProvider time, IOptions<RetentionOptions> options, ILogger<ContactRetention> logger)
    {
        _contacts = contacts;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Deletes every contact whose report was received more than the configured days ago; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromDays(_options.ContactDays);
        var deleted = await _contacts.DeleteReceivedBeforeAsync(cutoff, cancellationToken);
        LogDeleted(_logger, deleted, _options.ContactDays);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} contact e-mails received more than {Days} days ago")]
    private static partial void LogDeleted(ILogger logger, int count, int days);
}
