using Azure;
using Azure.Data.Tables;

namespace Survey.Shared.Aggregation;

/// <summary>
/// Aggregate rows (plan key + row key) as this process's last transaction on them left them, with their ETags: a
/// commit starts from them instead of reading them again, and a row changed by anyone else since fails it (412).
/// </summary>
internal sealed class CommittedRows(int capacity)
{
    private readonly LastWritten<TableEntity> _rows = new(capacity);

    public bool TryGet(string planKey, string rowKey, out TableEntity row) => _rows.TryGet(RowId(planKey, rowKey), out row);

    /// <summary>Remembers each aggregate row as the transaction left it, with the ETag its response gave (a deleted row is forgotten).</summary>
    public void Remember(string planKey, Dictionary<string, TableEntity?> before, List<TableTransactionAction> actions, List<Response> responses)
    {
        foreach (var (action, response) in actions.Zip(responses))
        {
            var written = (TableEntity)action.Entity;
            var id = RowId(planKey, written.RowKey);
            if (action.ActionType == TableTransactionActionType.Delete || response.Headers.ETag is not { } etag)
            {
                _rows.Forget(id);
                continue;
            }

            // A merge wrote only the counters (and the version): the names stay as the row had them.
            var row = new TableEntity(written) { ETag = etag };
            if (before.GetValueOrDefault(written.RowKey) is { } previous)
            {
                foreach (var name in new[] { "Insurer", "Plan" })
                {
                    if (!row.ContainsKey(name) && previous.TryGetValue(name, out var value))
                    {
                        row[name] = value;
                    }
                }
            }

            _rows.Remember(id, row);
        }
    }

    public void Forget(string planKey, IEnumerable<string> rowKeys)
    {
        foreach (var rowKey in rowKeys)
        {
            _rows.Forget(RowId(planKey, rowKey));
        }
    }

    private static string RowId(string planKey, string rowKey) => planKey + "\n" + rowKey;
}
