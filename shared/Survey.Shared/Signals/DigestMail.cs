using System.Globalization;
using System.Text;
using Survey.Shared.Mail;
using static Survey.Shared.Html.Html;

namespace Survey.Shared.Signals;

/// <summary>
/// Writes a digest message: each signal with its plan, setting, measure, month, rates with counts and intervals, and a
/// link to the plan's brief at that month (a committee page: the link carries no secret); the unsubscribe link also as
/// <c>List-Unsubscribe</c> with RFC 8058 one-click. Counts only: no report text, no contact.
/// </summary>
internal static class DigestMail
{
    public static MailMessage Write(IReadOnlyList<Signal> signals, string email, string baseUrl, string unsubscribeLink)
    {
        var subject = signals.Count == 1 ? "Coverage signals: 1 new or stronger change" : $"Coverage signals: {signals.Count.ToString(CultureInfo.InvariantCulture)} new or stronger changes";
        var text = new StringBuilder("Changes in plans' coverage found in the reports since the last digest:\n\n");
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>\n<body>\n")
            .Append("<p>Changes in plans’ coverage found in the reports since the last digest:</p>\n<ul>\n");
        foreach (var signal in signals)
        {
            var link = BriefUrl(baseUrl, signal.Brief);
            text.Append("- ").Append(Headline(signal)).Append('\n').Append("  ").Append(Numbers(signal)).Append('\n').Append("  Brief: ").Append(link).Append("\n\n");
            html.Append("<li><p><strong>").Append(Encode(Headline(signal))).Append("</strong><br>\n").Append(Encode(Numbers(signal))).Append("<br>\n<a href=\"")
                .Append(Encode(link)).Append("\">Brief at ").Append(Encode(Month(signal.Month))).Append("</a></p></li>\n");
        }

        text.Append("The brief links need the committee's sign-in.\n\n-- \nDon't want these e-mails? Unsubscribe: ").Append(unsubscribeLink).Append('\n');
        html.Append("</ul>\n<p>The brief links need the committee’s sign-in.</p>\n<hr>\n<p><small>Don’t want these e-mails? Unsubscribe: <a href=\"").Append(Encode(unsubscribeLink)).Append("\">")
            .Append(Encode(unsubscribeLink)).Append("</a></small></p>\n</body>\n</html>\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["List-Unsubscribe"] = "<" + unsubscribeLink + ">",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        return new MailMessage(email, null, subject, text.ToString(), html.ToString(), headers);
    }

    /// <summary>"Acme — Acme PPO, home visits: denied rate down from Mar 2025 (strong)".</summary>
    internal static string Headline(Signal signal)
        => $"{PlanName(signal)}, {SettingText(signal.Setting)}: {MeasureText(signal.Measure)} {signal.Direction} from {Month(signal.Month)} ({signal.Strength})";

    /// <summary>"80% before (64 of 80; 95% CI 70–87%), 10% after (8 of 80; 95% CI 5–19%)".</summary>
    internal static string Numbers(Signal signal) => $"{Rate(signal.Before)} before, {Rate(signal.After)} after";

    internal static string PlanName(Signal signal) => signal.Plan is { Length: > 0 } plan ? signal.Insurer + " — " + plan : signal.Insurer;

    internal static string SettingText(string setting) => setting == SignalSeries.AllSettings ? "all settings" : Html.Labels.Setting(setting).ToLowerInvariant();

    internal static string MeasureText(string measure) => measure switch
    {
        SignalSeries.Denied => "denied rate",
        SignalSeries.PriorAuthorization => "prior authorization required",
        SignalSeries.ToldCoveredThenDenied => "told covered, then denied",
        _ => measure,
    };

    private static string Rate(SignalRate rate)
        => $"{Percent(rate.Rate)} ({Number(rate.Count)} of {Number(rate.Of)}; 95% CI {Percent(rate.Low)}–{Percent(rate.High)})";

    /// <summary>The brief's address under the public base URL (which ends with the route prefix, <c>/api</c>).</summary>
    internal static string BriefUrl(string baseUrl, string brief)
        => baseUrl.EndsWith("/api", StringComparison.Ordinal) && brief.StartsWith("/api/", StringComparison.Ordinal) ? baseUrl + brief[4..] : baseUrl + brief;
}
