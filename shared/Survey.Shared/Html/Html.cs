using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Survey.Shared.Html;

/// <summary>
/// Escaping and formatting shared by the server-rendered pages. Every text that did not come from this
/// code (names typed by families, narratives, query values) goes through <see cref="Encode"/>, in element
/// content, attribute values and SVG text alike.
/// </summary>
internal static class Html
{
    // All of Unicode is left readable; markup characters (< > & " ' and a few more) are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Encode(string? value) => string.IsNullOrEmpty(value) ? string.Empty : Encoder.Encode(value);

    public static string Number(long value) => value.ToString("#,0", Invariant);

    /// <summary>A coordinate or length in SVG user units.</summary>
    public static string Svg(double value) => Math.Round(value, 2).ToString("0.##", Invariant);

    /// <summary>A rate as a whole percentage, or a dash when there is nothing to count it out of.</summary>
    public static string Percent(double? value) => value is null ? "–" : (value.Value * 100).ToString("0", Invariant) + "%";

    public static string Usd(decimal? value)
        => value is null ? "–" : "$" + value.Value.ToString(value.Value == decimal.Truncate(value.Value) ? "#,0" : "#,0.00", Invariant);

    /// <summary>"Jun 2025" for "2025-06".</summary>
    public static string Month(string month) => ParseMonth(month).ToString("MMM yyyy", Invariant);

    /// <summary>"Jun" for "2025-06".</summary>
    public static string MonthName(string month) => ParseMonth(month).ToString("MMM", Invariant);

    public static string Year(string month) => month[..4];

    public static DateOnly ParseMonth(string month) => DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", Invariant);

    public static string FormatMonth(DateOnly month) => month.ToString("yyyy-MM", Invariant);

    public static string Date(DateTimeOffset value) => value.ToString("d MMMM yyyy", Invariant);

    /// <summary>
    /// A query string ("?a=1&amp;b=2" before HTML encoding) of the non-empty values, each URL-escaped;
    /// the caller HTML-encodes the whole link.
    /// </summary>
    public static string Query(IEnumerable<(string Name, string? Value)> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }
}
