using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Mail;

/// <summary>How the connection to the SMTP server is secured (MailKit's SecureSocketOptions).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a test server on loopback.</summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS (port 587; Azure Communication Services).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on 465, STARTTLS when the server offers it elsewhere.</summary>
    Auto,
}

/// <summary>
/// The SMTP server mail goes through (any provider; Azure Communication Services: smtp.azurecomm.net,
/// 587, StartTls). Sending is optional: with no <see cref="Host"/> the app starts and sending throws.
/// With a Host, a bad setting fails at start.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Survey:Smtp";

    public const string NotConfiguredMessage =
        "E-mail sending is off: set Survey:Smtp:Host (and Survey:Smtp:FromAddress) to send mail.";

    /// <summary>The server's host name. Empty: sending is off.</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Survey:Smtp:Port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS on connect).")]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The login, if the server requires one (then <see cref="Password"/> too).</summary>
    public string? UserName { get; set; }

    /// <summary>The password; in Azure a Key Vault reference (the secret <c>smtp-password</c>).</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. DoNotReply@your-domain (for ACS, the verified domain's MailFrom address).</summary>
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name.</summary>
    public string? FromName { get; set; }

    /// <summary>How many times a transient failure is retried (then <see cref="MailUnavailableException"/>).</summary>
    [Range(1, 10, ErrorMessage = "Survey:Smtp:MaxRetries must be between 1 and 10.")]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; later ones double, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Survey:Smtp:RetryDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one attempt (connect, log in, send) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Survey:Smtp:AttemptTimeout must be between 00:00:01 and 00:05:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether sending is on (a Host is set).</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            yield break; // sending is off; nothing else is read
        }

        if (!IsPlainAddress(FromAddress))
        {
            yield return new ValidationResult(
                "Survey:Smtp:FromAddress must be set to the sender's e-mail address (e.g. DoNotReply@your-domain) when Survey:Smtp:Host is set.",
                [nameof(FromAddress)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult(
                "Survey:Smtp:UserName and Survey:Smtp:Password go together: set both (the server requires a login) or neither.",
                [nameof(UserName), nameof(Password)]);
        }

        // App Service leaves the reference text in place when it cannot resolve it.
        if (Password?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            yield return new ValidationResult(
                "Survey:Smtp:Password is an unresolved Key Vault reference: give the app's identity the Key Vault Secrets User role and check the secret exists.",
                [nameof(Password)]);
        }
    }

    private static bool IsPlainAddress(string? address)
        => !string.IsNullOrWhiteSpace(address)
            && System.Net.Mail.MailAddress.TryCreate(address, out var parsed)
            && parsed.Address == address.Trim()
            && string.IsNullOrEmpty(parsed.DisplayName);
}
