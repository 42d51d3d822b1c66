using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Survey.Shared.Forms;
using Survey.Shared.Reports;

namespace Survey.Shared.Letters;

/// <summary>
/// Writes the letters that fit a report, in the report's language, from the routing table and the letter texts.
/// A letter holds only facts the reporter gave: a line whose answer is missing is left out. Typed text is kept as
/// text, with bidirectional controls taken out so it cannot reorder the letter around it.
/// </summary>
public static partial class LetterWriter
{
    /// <summary>The longest part of the narrative quoted in a letter, so a letter still fits one page.</summary>
    public const int MaxQuotedNarrative = 1200;

    /// <summary>The letters for <paramref name="report"/>; none when its outcome is not a problem (covered in full, pending, not billed).</summary>
    public static IReadOnlyList<Letter> For(Report report, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        language = FormLanguages.IsSupported(report.Language) ? report.Language! : FormLanguages.IsSupported(language) ? language! : FormLanguages.Default;
        if (!OffersLetters(report.Outcome))
        {
            return [];
        }

        return [.. Routes(report.PlanType, report.Funding).Select(r => Write(report, language, r.Kind, r.Recipient))];
    }

    /// <summary>Whether a report with <paramref name="outcome"/> is offered letters at all.</summary>
    public static bool OffersLetters(string outcome) => LetterData.Routing.Outcomes.Contains(outcome);

    /// <summary>The letters (kind and recipient) a report of this plan type and funding is offered, in routing order.</summary>
    public static IEnumerable<(string Kind, string Recipient)> Routes(string? planType, string? funding)
    {
        foreach (var kind in LetterData.Routing.Rules.Select(r => r.Kind).Distinct())
        {
            // The first matching rule of a kind decides; no match, or a match without a recipient, means no such letter.
            var rule = LetterData.Routing.Rules.FirstOrDefault(r => r.Kind == kind && r.Matches(planType, funding));
            if (rule?.Recipient is { } recipient)
            {
                yield return (kind, recipient);
            }
        }
    }

    /// <summary>The text with bidirectional embedding, override, isolate and mark characters removed.</summary>
    public static string Inert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Any(IsBidiControl) ? new string(text.Where(c => !IsBidiControl(c)).ToArray()) : text;
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static Letter Write(Report report, string language, string kind, string recipient)
    {
        var t = LetterData.For(language);
        var key = kind == "regulator" ? $"letter.regulator.{recipient}" : $"letter.{kind}";
        var address = LetterData.Address(recipient, report.State);
        var to = address.Name ?? Fill(t[RecipientKey(recipient, report)], report, language);
        var lines = new List<string>(address.Lines ?? []);

        var body = new StringBuilder()
            .Append(Fill(t["greeting"], report, language, to)).Append("\n\n")
            .Append(t[report.ReporterRole == "family" ? "intro.family" : "intro.provider"]).Append("\n\n")
            .Append(t["facts"]).Append('\n');
        foreach (var (label, value) in Facts(report, language, withEmployer: kind is "employer" || recipient is "dol-ebsa"))
        {
            body.Append("- ").Append(t["fact." + label]).Append(": ").Append(value).Append('\n');
        }

        if (kind is "insurer" or "employer" || recipient is "state-insurance" or "dol-ebsa")
        {
            body.Append('\n').Append(t["aca"]).Append('\n');
        }

        body.Append('\n').Append(t[key + ".ask"]).Append('\n');
        if (kind == "legislators" && !string.IsNullOrWhiteSpace(report.Narrative))
        {
            var narrative = Inert(report.Narrative.Trim());
            narrative = narrative.Length > MaxQuotedNarrative ? narrative[..MaxQuotedNarrative].TrimEnd() + "…" : narrative;
            body.Append('\n').Append(t["narrative"]).Append('\n').Append('“').Append(narrative).Append("”\n");
        }

        body.Append('\n').Append(t["closing"]).Append("\n\n").Append(t["signature"]).Append('\n');
        return new Letter(kind, recipient, t[key + ".title"], t[key + ".why"], to, lines, address.Web,
            Fill(t[key + ".subject"], report, language), body.ToString());
    }

    private static string RecipientKey(string recipient, Report report)
        => recipient == "employer" && string.IsNullOrWhiteSpace(report.Employer) ? "recipient.employer.unnamed" : "recipient." + recipient;

    /// <summary>The report's answers worth a line, in the order of the form.</summary>
    private static IEnumerable<(string Label, string Value)> Facts(Report report, string language, bool withEmployer)
    {
        yield return ("insurer", Inert(report.Insurer));
        if (!string.IsNullOrWhiteSpace(report.Plan))
        {
            yield return ("plan", Inert(report.Plan));
        }

        if (withEmployer && !string.IsNullOrWhiteSpace(report.Employer))
        {
            yield return ("employer", Inert(report.Employer));
        }

        yield return ("state", FormTexts.Get(language, "state." + report.State));
        yield return ("serviceMonth", Month(report.ServiceMonth, language));
        yield return ("setting", FormTexts.Get(language, "setting." + report.Setting));
        yield return ("outcome", FormTexts.Get(language, "outcome." + report.Outcome));
        if (report.DenialReason is { } reason)
        {
            yield return ("denialReason", FormTexts.Get(language, "denialReason." + reason));
        }

        if (report.ToldCoveredBeforehand is { } told and not "unknown")
        {
            yield return ("toldCoveredBeforehand", FormTexts.Get(language, "toldCoveredBeforehand." + told));
        }

        if (report.OutOfPocketUsd is { } paid)
        {
            yield return ("outOfPocketUsd", "US$" + paid.ToString("#,0.00", CultureInfo.InvariantCulture));
        }
    }

    private static string Month(string serviceMonth, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var month = DateOnly.ParseExact(serviceMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return month.ToString("MMMM yyyy", culture);
    }

    /// <summary>Fills the placeholders in one pass, so a typed "{state}" stays as typed.</summary>
    private static string Fill(string text, Report report, string language, string? recipient = null)
        => Placeholder().Replace(text, match => match.Groups[1].Value switch
        {
            "insurer" => Inert(report.Insurer),
            "employer" => Inert(report.Employer ?? string.Empty),
            "state" => FormTexts.Get(language, "state." + report.State),
            _ => recipient ?? string.Empty,
        });

    [GeneratedRegex(@"\{(insurer|employer|state|recipient)\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
