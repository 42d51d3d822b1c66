using Microsoft.AspNetCore.WebUtilities;

namespace Survey.Shared.Forms;

/// <summary>
/// What a person typed into the report form, field by field, exactly as sent (nothing trimmed or dropped),
/// so a form answered again shows it all. Also the prefill of a form (insurer, plan, role, language).
/// </summary>
public sealed class FormValues
{
    private readonly Dictionary<string, List<string>> _values;

    public FormValues(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
            }

            list.Add(value);
        }
    }

    public static FormValues Empty { get; } = new([]);

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The first value sent under <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>Every value sent under <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> body. Throws <see cref="InvalidDataException"/>
    /// past the reader's limits (1024 values, 2 KiB names).
    /// </summary>
    public static FormValues Parse(string body)
    {
        using var reader = new FormReader(body);
        var pairs = new List<KeyValuePair<string, string>>();
        while (reader.ReadNextPair() is { } pair)
        {
            pairs.Add(new(pair.Key, pair.Value));
        }

        return new FormValues(pairs);
    }
}
