using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Shared.Campaigns;

/// <summary>What a campaign and a recipient must be: lengths, one-line fields, roles and languages the form knows.</summary>
internal static class CampaignRules
{
    public const int MaxName = 200;
    public const int MaxText = 4000;
    public const int MaxRecipients = 5000;

    /// <summary>The errors of a new campaign, keyed by field (empty when it is valid).</summary>
    public static Dictionary<string, string[]> Check(NewCampaign request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxName)
        {
            errors["name"] = [$"Give the campaign a name of 1 to {MaxName} characters."];
        }

        if (request.OpensAt is null)
        {
            errors["opensAt"] = ["Give the date and time the campaign opens (ISO 8601, e.g. 2026-03-01T00:00:00Z)."];
        }

        if (request.ClosesAt is null)
        {
            errors["closesAt"] = ["Give the date and time the campaign closes (ISO 8601, e.g. 2026-04-01T00:00:00Z)."];
        }
        else if (request.OpensAt is { } opens && request.ClosesAt <= opens)
        {
            errors["closesAt"] = ["The campaign must close after it opens."];
        }

        CheckPrefill(request.Prefill, "prefill.", errors);
        foreach (var (language, text) in request.Texts ?? [])
        {
            if (!FormLanguages.IsSupported(language))
            {
                errors[$"texts.{language}"] = [$"Texts can be given for {string.Join(", ", FormLanguages.All)}."];
                continue;
            }

            // A subject is a mail header: one line, short. A body may run over lines.
            foreach (var (field, value, max, oneLine) in new[]
                     {
                         ("subject", text.Subject, MaxName, true), ("body", text.Body, MaxText, false),
                         ("reminderSubject", text.ReminderSubject, MaxName, true), ("reminderBody", text.ReminderBody, MaxText, false),
                     })
            {
                if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > max || (oneLine && value.Any(char.IsControl))))
                {
                    errors[$"texts.{language}.{field}"] = [$"Leave it out for the default text, or give 1 to {max} characters{(oneLine ? " on one line" : string.Empty)}."];
                }
            }
        }

        return errors;
    }

    /// <summary>Why a recipient row cannot be invited, or null when it can.</summary>
    public static string? Problem(Recipient recipient)
    {
        var email = recipient.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var address)
            || !string.Equals(address.Address, email, StringComparison.Ordinal) || !string.IsNullOrEmpty(address.DisplayName) || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "The e-mail address is missing or not valid.";
        }

        if (recipient.Name is { Length: > MaxName } || recipient.Name?.Any(char.IsControl) == true)
        {
            return $"The name must be at most {MaxName} characters on one line.";
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckPrefill(PrefillOf(recipient), string.Empty, errors);
        return errors.Count == 0 ? null : string.Join(" ", errors.Values.SelectMany(v => v));
    }

    /// <summary>A recipient row's own prefill: blanks left out, role and language in lower case.</summary>
    public static CampaignPrefill PrefillOf(Recipient recipient)
        => new(Blank(recipient.Insurer), Blank(recipient.Plan), Blank(recipient.Role)?.ToLowerInvariant(), Blank(recipient.Language)?.ToLowerInvariant());

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void CheckPrefill(CampaignPrefill? prefill, string prefix, Dictionary<string, string[]> errors)
    {
        if (prefill is null)
        {
            return;
        }

        if (prefill.Insurer is { Length: > MaxName })
        {
            errors[prefix + "insurer"] = [$"The insurer must be at most {MaxName} characters."];
        }

        if (prefill.Plan is { Length: > MaxName })
        {
            errors[prefix + "plan"] = [$"The plan must be at most {MaxName} characters."];
        }

        if (prefill.ReporterRole is { } role && !ReportSchema.ReporterRoles.Contains(role))
        {
            errors[prefix + "role"] = [$"The role must be one of {string.Join(", ", ReportSchema.ReporterRoles)}."];
        }

        if (prefill.Language is { } language && !FormLanguages.IsSupported(language))
        {
            errors[prefix + "language"] = [$"The language must be one of {string.Join(", ", FormLanguages.All)}."];
        }
    }
}
