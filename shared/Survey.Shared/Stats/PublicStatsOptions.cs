using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Stats;

/// <summary>How the public statistics (<c>GET /api/public/stats</c>) protect small counts.</summary>
public sealed class PublicStatsOptions
{
    public const string SectionName = "Survey:Public";

    /// <summary>
    /// Counts from 1 to this number are suppressed (the US CMS cell-size suppression policy uses 10). Zero is
    /// always published.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Survey:Public:SuppressBelowOrEqual must be between 1 and 100.")]
    public int SuppressBelowOrEqual { get; set; } = 10;
}
