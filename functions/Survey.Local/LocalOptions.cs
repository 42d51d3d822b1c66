using System.ComponentModel.DataAnnotations;

namespace Survey.Local;

/// <summary>Settings of the local runner only (section <c>Local</c>).</summary>
public sealed class LocalOptions
{
    public const string SectionName = "Local";

    /// <summary>The key that function-level routes demand in <c>x-functions-key</c> or <c>?code=</c>.</summary>
    [Required(ErrorMessage = "Set Local:FunctionKey (environment variable Local__FunctionKey) to the key committee routes should demand.")]
    [MinLength(8, ErrorMessage = "Local:FunctionKey must be at least 8 characters.")]
    public string FunctionKey { get; set; } = string.Empty;

    /// <summary>Where the embedded Azurite keeps its data, relative to the repository root.</summary>
    public string DataDirectory { get; set; } = ".data/azurite";
}
