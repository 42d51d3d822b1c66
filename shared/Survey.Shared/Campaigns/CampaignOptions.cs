using System.ComponentModel.DataAnnotations;

namespace Survey.Shared.Campaigns;

/// <summary>Settings of e-mail campaigns (section <c>Survey:Campaigns</c>).</summary>
public sealed class CampaignOptions : IValidatableObject
{
    public const string SectionName = "Survey:Campaigns";

    /// <summary>
    /// The public address of the API that links point to, with its route prefix, e.g.
    /// <c>https://survey.example.org/api</c>; a link is <c>{PublicBaseUrl}/s/{token}</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Days after the invitation before the one reminder goes to a recipient who has not responded.</summary>
    [Range(1, 365, ErrorMessage = "Set Survey:Campaigns:ReminderAfterDays to a number of days from 1 to 365.")]
    public int ReminderAfterDays { get; set; } = 7;

    /// <summary>Days after a campaign closes before its recipients' addresses and names are deleted.</summary>
    [Range(0, 3650, ErrorMessage = "Set Survey:Campaigns:DeleteAddressesAfterDays to a number of days from 0 to 3650.")]
    public int DeleteAddressesAfterDays { get; set; } = 30;

    /// <summary>
    /// Hours after the first download of a campaign's links during which they can be downloaded again (each time
    /// with fresh links; earlier ones keep working), so a download that never arrived loses nothing.
    /// </summary>
    [Range(1, 720, ErrorMessage = "Set Survey:Campaigns:LinkDownloadHours to a number of hours from 1 to 720.")]
    public int LinkDownloadHours { get; set; } = 24;

    /// <summary>The configuration key of the reminder timer's schedule (its trigger reads <c>%Survey:Campaigns:ReminderSchedule%</c>).</summary>
    public const string ReminderScheduleKey = SectionName + ":" + nameof(ReminderSchedule);

    /// <summary>The configuration key of the address-deletion timer's schedule.</summary>
    public const string DeleteAddressesScheduleKey = SectionName + ":" + nameof(DeleteAddressesSchedule);

    /// <summary>When the reminder timer runs: six-field NCRONTAB, UTC (default every day at 14:00).</summary>
    public string ReminderSchedule { get; set; } = "0 0 14 * * *";

    /// <summary>When the address-deletion timer runs: six-field NCRONTAB, UTC (default every day at 04:00).</summary>
    public string DeleteAddressesSchedule { get; set; } = "0 0 4 * * *";

    /// <summary>The largest recipient CSV accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Set Survey:Campaigns:MaxCsvBytes to a size from 1024 to 16777216 bytes.")]
    public int MaxCsvBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The base URL without a trailing slash.</summary>
    public string BaseUrl => (PublicBaseUrl ?? string.Empty).TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(ReminderSchedule), ReminderSchedule), (nameof(DeleteAddressesSchedule), DeleteAddressesSchedule) })
        {
            if (value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not { Length: 6 })
            {
                yield return new ValidationResult(
                    $"Set Survey:Campaigns:{name} (environment variable Survey__Campaigns__{name}) to a six-field NCRONTAB schedule in UTC, e.g. '0 0 14 * * *'.",
                    [name]);
            }
        }

        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            yield return new ValidationResult(
                "Set Survey:Campaigns:PublicBaseUrl (environment variable Survey__Campaigns__PublicBaseUrl) to the absolute http(s) address of the API, with its route prefix and without a query, e.g. https://survey.example.org/api.",
                [nameof(PublicBaseUrl)]);
        }
    }
}
