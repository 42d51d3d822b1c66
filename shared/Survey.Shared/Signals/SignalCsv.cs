using System.Collections.Immutable;
using CsvHelper;
using Survey.Shared.Exports;

namespace Survey.Shared.Signals;

/// <summary>The signals as a CSV file for Excel, in the format of the statistics' files (<see cref="StatsCsv"/>): one row per signal, in the list's order.</summary>
public static class SignalCsv
{
    public static readonly ImmutableArray<string> Columns =
    [
        "plan_key", "insurer", "plan", "setting", "measure", "direction", "month", "status",
        "before_count", "before_of", "before_rate", "before_low", "before_high",
        "after_count", "after_of", "after_rate", "after_low", "after_high",
        "q_value", "strength", "first_detected", "withdrawn_at", "brief",
    ];

    public static byte[] Write(SignalList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, StatsCsv.Options, leaveOpen: true))
        {
            csv.WriteHeader(Columns.AsSpan());
            foreach (var signal in list.Signals)
            {
                foreach (var text in new[] { signal.PlanKey, signal.Insurer, signal.Plan, signal.Setting, signal.Measure, signal.Direction, signal.Month, signal.Status })
                {
                    StatsCsv.WriteText(csv, text);
                }

                foreach (var rate in new[] { signal.Before, signal.After })
                {
                    csv.WriteField(rate.Count);
                    csv.WriteField(rate.Of);
                    csv.WriteField(rate.Rate);
                    csv.WriteField(rate.Low);
                    csv.WriteField(rate.High);
                }

                csv.WriteField(signal.QValue);
                StatsCsv.WriteText(csv, signal.Strength);
                StatsCsv.WriteText(csv, signal.FirstDetected.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                StatsCsv.WriteText(csv, signal.WithdrawnAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                StatsCsv.WriteText(csv, signal.Brief);
                csv.EndRecord();
            }
        }

        return stream.ToArray();
    }
}
