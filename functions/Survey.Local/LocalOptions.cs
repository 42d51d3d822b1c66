using System.ComponentModel.DataAnnotations;

namespace Survey.Local;

/// <summary>Settings of the local runner only (section <c>Local</c>).</summary>
public sealed class LocalOptions : IValidatableObject
{
    public const string SectionName = "Local";

    /// <summary>
    /// The named keys function-level routes accept in <c>x-functions-key</c> or <c>?code=</c>, name to key,
    /// like the named function keys of a Function App (one per committee member). A key set to an empty
    /// value is revoked; changes apply without a restart.
    /// </summary>
    public Dictionary<string, string> FunctionKeys { get; set; } = new(StringComparer.Ordinal);

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
        if (FunctionKeys.Values.All(string.IsNullOrEmpty))
        {
            yield return new ValidationResult(
                "Set at least one committee key: Local:FunctionKeys:<name> (environment variable Local__FunctionKeys__<name>).",
                [nameof(FunctionKeys)]);
        }

        foreach (var (name, key) in FunctionKeys)
        {
            if (key.Length is > 0 and < 8)
            {
                yield return new ValidationResult($"Local:FunctionKeys:{name} must be at least 8 characters.", [nameof(FunctionKeys)]);
            }
        }
    }
}
