using System.ComponentModel.DataAnnotations;
using Survey.Shared.Access;

namespace Survey.Local;

/// <summary>Settings of the local runner only (section <c>Local</c>).</summary>
public sealed class LocalOptions : IValidatableObject
{
    public const string SectionName = "Local";

    /// <summary>
    /// The Functions host's master key, as the runner plays the host: admin-level routes (committee credentials) and
    /// <c>POST /admin/functions/{name}</c> need it in <c>x-functions-key</c>.
    /// </summary>
    [Required(ErrorMessage = "Set Local:MasterKey (environment variable Local__MasterKey): the runner's master key for admin routes.")]
    [MinLength(CommitteeCredentials.MinimumChosenLength, ErrorMessage = "Local:MasterKey must be at least 16 characters.")]
    public string MasterKey { get; set; } = string.Empty;

    /// <summary>
    /// Committee credentials the runner makes sure exist at start, name to value (the app stores only their hashes),
    /// so a local user can read the statistics at once. More are made, rotated and revoked through the admin routes.
    /// </summary>
    public Dictionary<string, string> CommitteeKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the embedded Azurite keeps its data, relative to the repository root.</summary>
    public string DataDirectory { get; set; } = ".data/azurite";

    /// <summary>
    /// How long a queue message stays hidden while its function runs (the host's lease); after a crash, the
    /// messages that were in flight come back when it ends. Longer than any invocation.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Local:QueueMessageLease must be between 00:00:05 and 01:00:00.")]
    public TimeSpan QueueMessageLease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in CommitteeKeys)
        {
            foreach (var (field, messages) in CommitteeCredentials.Check(name, key, expiresAt: null, DateTimeOffset.MinValue))
            {
                yield return new ValidationResult($"Local:CommitteeKeys:{name} ({field}): {string.Join(' ', messages)}", [nameof(CommitteeKeys)]);
            }
        }
    }
}
