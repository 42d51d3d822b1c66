using System.Collections.Concurrent;
using Survey.Shared.Storage;

namespace Survey.Shared.Aggregation;

/// <summary>
/// What this process last wrote to (or read from) table rows, by key, with the ETag that came back: a later
/// write goes on under that ETag without reading the row first, and if anyone changed the row meanwhile the
/// write fails (412) and the caller forgets it and reads. Bounded: past <paramref name="capacity"/> keys it
/// starts again empty (a forgotten row is only read once more).
/// </summary>
internal sealed class LastWritten<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, T> _rows = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value) => _rows.TryGetValue(key, out value!);

    public void Remember(string key, T value)
    {
        if (_rows.Count >= capacity)
        {
            _rows.Clear();
        }

        _rows[key] = value;
    }

    public void Forget(string key) => _rows.TryRemove(key, out _);
}
