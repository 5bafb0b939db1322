using System.Data.Common;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage;

/// <summary>The merkle_nodes table as an <see cref="ISubtreeHashSource"/>: one connection, one prepared statement.</summary>
internal sealed class StoredSubtreeHashes : ISubtreeHashSource, IDisposable
{
    private readonly DbConnection _connection;
    private readonly DbCommand _select;

    public StoredSubtreeHashes(Dialect dialect)
    {
        // Proof algorithms are synchronous; opening once here keeps every read on this connection.
        _connection = dialect.Open();
        _select = Db.Command(_connection, null, "select hash from merkle_nodes where level = @level and idx = @idx", ("level", 0), ("idx", 0L));
    }

    public byte[] GetSubtreeHash(int level, long index)
    {
        _select.Parameters["level"].Value = level;
        _select.Parameters["idx"].Value = index;
        return _select.ExecuteScalar() as byte[]
            ?? throw new ArgumentOutOfRangeException(nameof(index), $"No stored subtree hash at level {level}, index {index}.");
    }

    public void Dispose()
    {
        _select.Dispose();
        _connection.Dispose();
    }
}
