using System.Globalization;
using CsvHelper;

namespace Survey.Shared.Campaigns;

/// <summary>
/// Reads a recipient CSV: a header row naming <c>email</c> (required) and any of <c>name, insurer, plan, role,
/// language</c>, in any order and case; the separator is detected (Excel in many locales writes semicolons).
/// Rows are numbered as lines of the file (the header is line 1).
/// </summary>
internal static class RecipientCsv
{
    private static readonly string[] Columns = ["email", "name", "insurer", "plan", "role", "language"];
    private static readonly string[] LinkColumns = ["email", "name", "language", "link"];

    private static readonly CsvReaderOptions ReadOptions = CsvReaderOptions.Default with
    {
        HasHeader = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static readonly CsvWriterOptions WriteOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>The rows with their line numbers, or why the file cannot be read.</summary>
    public static (IReadOnlyList<(int Row, Recipient Recipient)> Rows, string? Error) Read(byte[] bytes)
    {
        try
        {
            using var csv = CsvReader.Create(bytes, ReadOptions);
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            var index = Columns.ToDictionary(c => c, c => Array.FindIndex(header, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
            if (index["email"] < 0)
            {
                return ([], "The header row has no 'email' column. Columns: email (required), name, insurer, plan, role, language.");
            }

            var unknown = header.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                return ([], "Unknown columns: " + string.Join(", ", unknown) + ". Columns: email (required), name, insurer, plan, role, language.");
            }

            var rows = new List<(int, Recipient)>();
            while (csv.Read())
            {
                string? Field(string column) => index[column] is var i && i >= 0 && i < csv.FieldCount && csv.GetStringOrNull(i) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
                rows.Add(((int)csv.LineNumber, new Recipient(Field("email"), Field("name"), Field("insurer"), Field("plan"), Field("role"), Field("language"))));
            }

            return (rows, null);
        }
        catch (CsvFormatException exception)
        {
            return ([], "The file is not readable CSV: " + exception.Message);
        }
    }

    /// <summary>The links CSV (UTF-8 with a byte order mark, for Excel): one row per invitation, formula-looking cells defused.</summary>
    public static byte[] WriteLinks(IEnumerable<(string Email, string? Name, string Language, string Link)> rows)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, WriteOptions, leaveOpen: true))
        {
            csv.WriteHeader(LinkColumns.AsSpan());
            foreach (var (email, name, language, link) in rows)
            {
                csv.WriteField(email);
                csv.WriteField(name ?? string.Empty);
                csv.WriteField(language);
                csv.WriteField(link);
                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }
}
