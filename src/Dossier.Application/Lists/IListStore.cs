using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Application.Lists;

/// <summary>
/// Queries over the list, linkage and estimate projections. Writes go through the ledger
/// (<see cref="IWorkspaceStore.AppendAsync"/>); this interface only reads what the projector made.
/// </summary>
public interface IListStore
{
    Task<IReadOnlyList<VictimList>> ListsAsync(CancellationToken cancellationToken);

    Task<VictimList?> GetListAsync(string listId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListRow>> RowsAsync(string listId, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Every row of these lists, ordered by list then row id.</summary>
    Task<IReadOnlyList<ListRow>> RowsOfAsync(IReadOnlyCollection<string> listIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListRow>> RowsByKeyAsync(IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken);

    Task<IReadOnlyList<LinkageRunInfo>> RunsAsync(CancellationToken cancellationToken);

    /// <summary>The run the current clusters come from (the latest), or null before any run.</summary>
    Task<LinkageRunInfo?> LatestRunAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ReviewPair>> ReviewPairsAsync(long runSequence, CancellationToken cancellationToken);

    /// <summary>Every decision, oldest first.</summary>
    Task<IReadOnlyList<LinkageDecision>> DecisionsAsync(CancellationToken cancellationToken);

    /// <summary>The current cluster of every clustered row: row key → cluster id.</summary>
    Task<IReadOnlyDictionary<string, string>> ClustersAsync(CancellationToken cancellationToken);

    /// <summary>The cluster holding this row, with its rows and the decisions on them; null when the row is not clustered.</summary>
    Task<ClusterView?> ClusterOfAsync(string rowKey, CancellationToken cancellationToken);

    /// <summary>The person record each of these rows was identified as (rows not identified are absent).</summary>
    Task<IReadOnlyDictionary<string, string>> PeopleOfRowsAsync(IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken);

    /// <summary>The list rows identified as this person, ordered by list then row id.</summary>
    Task<IReadOnlyList<ListRow>> RowsOfPersonAsync(string personId, CancellationToken cancellationToken);

    Task<IReadOnlyList<EstimateRunInfo>> EstimatesAsync(CancellationToken cancellationToken);

    /// <summary>One ledger entry by sequence number (the estimate page reads its recorded figures).</summary>
    Task<LedgerEntry?> EntryAsync(long sequence, CancellationToken cancellationToken);
}
