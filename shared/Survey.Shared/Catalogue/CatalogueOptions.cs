using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Catalogue;

/// <summary>How the plan catalogue and the reconciliation behave.</summary>
public sealed class CatalogueOptions
{
    public const string SectionName = "Survey:Catalogue";

    /// <summary>How long an instance uses its copy of the catalogue before reading it again (other instances' edits show up after this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Survey:Catalogue:RefreshInterval must be between 00:00:00 and 01:00:00.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the timer-triggered reconciliation repairs the drift it finds (it always reports it).</summary>
    public bool RepairOnSchedule { get; set; } = true;
}
