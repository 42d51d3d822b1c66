using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Text.Json;

namespace Survey.Shared.Reports;

internal enum ReadStatus
{
    Absent,
    Invalid,
    Valid,
}

/// <summary>What reading one field gave: nothing, something invalid (already reported), or a value.</summary>
internal readonly record struct Read(ReadStatus Status, string? Value)
{
    public static readonly Read Absent = new(ReadStatus.Absent, null);
    public static readonly Read Invalid = new(ReadStatus.Invalid, null);
}

/// <summary>An enumerated field's allowed values, matched case-insensitively to their canonical spelling.</summary>
internal sealed class ChoiceValues(ImmutableArray<string> values)
{
    private readonly FrozenDictionary<string, string> _canonical =
        values.ToFrozenDictionary(value => value, value => value, StringComparer.OrdinalIgnoreCase);

    public string List { get; } = string.Join(", ", values);

    public bool TryGetCanonical(string value, out string canonical)
        => _canonical.TryGetValue(value, out canonical!);
}

/// <summary>Error messages by field, in the order found, without repeats.</summary>
internal sealed class FieldErrors
{
    /// <summary>The key of errors about the body as a whole.</summary>
    public const string BodyKey = "$";

    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public int Count => _byField.Count;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = [message];
        }
        else if (!messages.Contains(message))
        {
            messages.Add(message);
        }
    }

    public ReadOnlyDictionary<string, string[]> ToReadOnly()
        => new(_byField.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
}

/// <summary>
/// A JSON object's known fields, each present once; unknown and repeated fields are reported on the way in. It
/// reads text and choices the same way for every field, and never throws for any <see cref="JsonElement"/>.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _single = new(StringComparer.Ordinal);
    private readonly HashSet<string> _repeated = new(StringComparer.Ordinal);
    private readonly FieldErrors _errors;

    public JsonFields(JsonElement body, IReadOnlySet<string> known, FieldErrors errors)
    {
        _errors = errors;
        foreach (var property in body.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                // A name with an unpaired surrogate can't be a string, so it can't be a key either.
                errors.Add(FieldErrors.BodyKey, "Field names must be valid Unicode text.");
                continue;
            }

            if (!known.Contains(name))
            {
                errors.Add(name, "Unknown field.");
            }
            else if (_repeated.Contains(name) || !_single.TryAdd(name, property.Value))
            {
                // JsonDocument keeps every copy; taking either one silently would hide a client bug.
                _single.Remove(name);
                _repeated.Add(name);
                errors.Add(name, "Must appear only once.");
            }
        }
    }

    public void Error(string field, string message) => _errors.Add(field, message);

    /// <summary>The field's value when it appears exactly once.</summary>
    public bool TryGet(string name, out JsonElement value) => _single.TryGetValue(name, out value);

    /// <summary>Reads a trimmed string: absent when missing, null or blank; control characters rejected.</summary>
    public Read Text(string name, int maxLength, bool required = false, bool allowLineBreaks = false)
    {
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Missing(name, required);
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            Error(name, "Must be a string.");
            return Read.Invalid;
        }

        if (!TryGetString(element, out var raw))
        {
            Error(name, "Must not contain unpaired surrogate characters.");
            return Read.Invalid;
        }

        var text = raw.Trim();
        if (text.Length == 0)
        {
            return Missing(name, required);
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                Error(name, "Must not contain control characters.");
                return Read.Invalid;
            }
        }

        if (text.Length > maxLength)
        {
            Error(name, $"Must be at most {maxLength} characters.");
            return Read.Invalid;
        }

        return new Read(ReadStatus.Valid, text);
    }

    /// <summary>Reads an enumerated value and returns its canonical spelling.</summary>
    public Read Choice(string name, ChoiceValues choice, bool required = false)
    {
        var text = Text(name, int.MaxValue, required);
        if (text.Value is null)
        {
            return text;
        }

        if (!choice.TryGetCanonical(text.Value, out var canonical))
        {
            Error(name, $"Must be one of: {choice.List}.");
            return Read.Invalid;
        }

        return new Read(ReadStatus.Valid, canonical);
    }

    /// <summary>Gets a string value, failing (rather than throwing) on an escaped unpaired surrogate.</summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        try
        {
            value = element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }

        // Belt and braces: GetString rejects unpaired surrogates today, but the contract is ours to keep.
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private Read Missing(string name, bool required)
    {
        // A repeated field is already reported; "Required." on top would be wrong.
        if (required && !_repeated.Contains(name))
        {
            Error(name, "Required.");
        }

        return Read.Absent;
    }
}
