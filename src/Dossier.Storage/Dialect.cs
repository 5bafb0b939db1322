using System.Data.Common;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>What differs between SQLite and PostgreSQL: connections, locking, and the search index.</summary>
internal abstract class Dialect
{
    public abstract string Name { get; }

    /// <summary>Folder of this dialect's migrations under Migrations/.</summary>
    public abstract string MigrationFolder { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Takes the ledger's write lock inside a transaction, so appends are serialised across processes.</summary>
    public abstract Task LockLedgerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract Task WriteSearchAsync(SqlSession session, SearchDocument document, CancellationToken cancellationToken);

    public abstract Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken);

    public abstract Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<(string RecordId, double Rank)>> SearchAsync(DbConnection connection, IReadOnlyList<QueryWord> words, RecordKind? kind, int limit, CancellationToken cancellationToken);

    /// <summary>The search index rows as text, ordered, for replay comparisons.</summary>
    public abstract Task<string> DumpSearchAsync(DbConnection connection, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
