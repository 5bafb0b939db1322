using Dossier.Application.Ledger;
using Dossier.Domain.Records;

namespace Dossier.Application.Workspace;

/// <summary>A record as the projections hold it: its current state, version and whether it was retracted.</summary>
public sealed record RecordEnvelope(Record Record, int Version, bool Retracted, long CreatedSequence, long UpdatedSequence)
{
    public string Id => Record.Id;

    public RecordKind Kind => Record.Kind;
}

/// <summary>The size and root hash of the ledger's Merkle tree after a commit.</summary>
public sealed record TreeHead(long Size, byte[] RootHash)
{
    public string RootHex => Convert.ToHexStringLower(RootHash);
}

/// <summary>A raw row of the ledger as stored: what verification reads.</summary>
public sealed record StoredEntry(long Sequence, byte[] Bytes, byte[] LeafHash);

public sealed record SearchHit(string Id, RecordKind Kind, string Label, bool Synthetic, Classification Classification, double Rank);

/// <summary>A search. <see cref="Ceiling"/> is the most sensitive classification the asker may see.</summary>
public sealed record SearchQuery(string Text, RecordKind? Kind = null, int Limit = 20)
{
    public Classification Ceiling { get; init; } = Dossier.Domain.Records.Classification.ProtectedIdentity;
    // Facets (workbench search). Kind is filtered in SQL; these live in the records' JSON, so the store
    // filters the best candidates in memory (see SearchFacets).

    /// <summary>Only records of this classification.</summary>
    public Classification? Classification { get; init; }

    /// <summary>Only records whose date (event, act, hearing, source...) reaches this day or later.</summary>
    public DateOnly? DateFrom { get; init; }

    /// <summary>Only records whose date starts on or before this day.</summary>
    public DateOnly? DateTo { get; init; }

    /// <summary>Only records at or referring to this place.</summary>
    public string? PlaceId { get; init; }

    /// <summary>Only records resting on (or claims taken from) this source.</summary>
    public string? SourceId { get; init; }

    public bool HasFacetFilter => Classification is not null || DateFrom is not null || DateTo is not null || PlaceId is not null || SourceId is not null;
}

/// <summary>
/// The ledger: appends (atomic: entries, Merkle state and projections in one transaction or not at all), what
/// verification reads, checkpoints, and the projections' rebuild and comparison. Only the application
/// services append (a test keeps it so).
/// </summary>
public interface ILedgerStore
{
    string Describe { get; }

    Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Appends every entry of <paramref name="entries"/> in one transaction, reading them one at a time so a big
    /// import need not hold its entries twice; returns how many were appended. All or nothing, like
    /// <see cref="AppendAsync"/>.
    /// </summary>
    Task<long> AppendAllAsync(IEnumerable<NewEntry> entries, CancellationToken cancellationToken);

    Task<TreeHead> GetTreeHeadAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<StoredEntry> ReadEntriesAsync(CancellationToken cancellationToken);

    /// <summary>Every stored tree head (size, root), ascending by size.</summary>
    Task<IReadOnlyList<TreeHead>> ReadTreeHeadsAsync(CancellationToken cancellationToken);

    /// <summary>Drops every projection and replays the ledger into them.</summary>
    Task<long> RebuildProjectionsAsync(IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Stored complete-subtree hashes for proofs (RFC 9162), read on one open connection. Reads are
    /// synchronous because the proof algorithms are; a proof takes O(log n) of them.
    /// </summary>
    Dossier.Ledger.Merkle.ISubtreeHashSource OpenSubtreeHashes();

    /// <summary>Keeps a signed checkpoint (a C2SP signed note) of the tree at <paramref name="size"/>.</summary>
    Task AddCheckpointAsync(long size, string signedNote, CancellationToken cancellationToken);

    /// <summary>Every kept checkpoint, ascending by size.</summary>
    Task<IReadOnlyList<(long Size, string SignedNote)>> ReadCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replays the whole ledger into scratch projections (in a transaction that is rolled back) and
    /// compares them with the live ones: the first table and row that differ, or null when they agree.
    /// </summary>
    Task<ProjectionDifference?> CompareWithReplayAsync(IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>A text dump of every projection table in a fixed order, to compare two states.</summary>
    Task<string> DumpProjectionsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Queries of the records' projection: current state, references, history, search, counts. Also what a
/// person may read of it (<see cref="Access.RecordAccess.Store"/> filters every answer by classification).
/// </summary>
public interface IRecordStore
{
    Task<RecordEnvelope?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The records with these ids that exist, in one round trip (search results, graphs).</summary>
    Task<IReadOnlyDictionary<string, RecordEnvelope>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> ledger entries, newest first (the dashboard's recent changes).</summary>
    Task<IReadOnlyList<LedgerEntry>> RecentEntriesAsync(int count, CancellationToken cancellationToken);

    /// <summary>Which of these ids exist, with their kinds (retracted ones included).</summary>
    Task<IReadOnlyDictionary<string, RecordKind>> KindsOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, int offset, int limit, CancellationToken cancellationToken) =>
        ListAsync(kind, Classification.ProtectedIdentity, offset, limit, cancellationToken);

    /// <summary>Records of classification <paramref name="ceiling"/> or less sensitive, by kind and label.</summary>
    Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, Classification ceiling, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Records that point at <paramref name="id"/>, optionally of one kind.</summary>
    Task<IReadOnlyList<RecordEnvelope>> ReferencingAsync(string id, RecordKind? kind, CancellationToken cancellationToken);

    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>The ledger entries that created, revised or retracted a record, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<RecordKind, int>> CountAsync(CancellationToken cancellationToken) =>
        CountAsync(Classification.ProtectedIdentity, cancellationToken);

    /// <summary>Live records per kind, counting only those of classification <paramref name="ceiling"/> or less sensitive.</summary>
    Task<IReadOnlyDictionary<RecordKind, int>> CountAsync(Classification ceiling, CancellationToken cancellationToken);

    /// <summary>A page of a browse table: live records of one kind, filtered, sorted and paged, with counts (ADR 1802).</summary>
    Task<Browse.BrowsePage> BrowseAsync(Browse.BrowseQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// A workspace's database: the ledger and the record queries, and each other capability as a store of its
/// own — no caller casts to find one. One implementation per dialect (SQLite, PostgreSQL); both pass the
/// same test suites.
/// </summary>
public interface IWorkspaceStore : ILedgerStore, IRecordStore, IAsyncDisposable
{
    /// <summary>The workspace folder (evidence files, keys), when the store was opened from one.</summary>
    string? WorkspaceDirectory { get; }

    /// <summary>Victim lists, linkage runs and decisions, estimate runs.</summary>
    Lists.IListStore Lists { get; }

    /// <summary>Evidence items, their custody and derivatives.</summary>
    Evidence.IEvidenceStore Evidence { get; }

    /// <summary>Links from evidence items to the records they bear on.</summary>
    Evidence.IEvidenceLinkStore EvidenceLinks { get; }

    /// <summary>Accounts, tokens and sessions.</summary>
    Access.IAccountStore Accounts { get; }

    /// <summary>The audit trail.</summary>
    Access.IAuditLog Audit { get; }

    /// <summary>Sealed identities and their wrapped keys.</summary>
    Protection.ISealedIdentityStore SealedIdentities { get; }

    /// <summary>Names and dates suggested by ingests, and their review (ADR 1603).</summary>
    Evidence.ISuggestionStore Suggestions { get; }
}

/// <summary>Why an append was refused: what a record entry assumed about the record no longer held.</summary>
public enum AppendConflictKind
{
    /// <summary>A create for an id that exists.</summary>
    Exists,

    /// <summary>A revision or retraction of an id that does not exist.</summary>
    Missing,

    /// <summary>A revision or retraction of a retracted record.</summary>
    Retracted,

    /// <summary>A revision or retraction that names another version than the current one.</summary>
    VersionMismatch,

    /// <summary>An identity sealed under a pseudonym another seal took since the pseudonym was counted (ADR 1825).</summary>
    PseudonymTaken,
}

/// <summary>
/// Thrown by <see cref="IWorkspaceStore.AppendAsync"/> when a record entry's assumption about the
/// record (it does not exist yet; it is at the version the entry replaces) is false at the moment of
/// the append. The check runs inside the append's transaction under the ledger's write lock, so two
/// concurrent revisions of one version cannot both be written; nothing of the batch is written.
/// </summary>
public sealed class AppendConflictException(string recordId, AppendConflictKind kind, int? currentVersion)
    : Exception(Describe(recordId, kind, currentVersion))
{
    public string RecordId { get; } = recordId;

    public AppendConflictKind Kind { get; } = kind;

    /// <summary>The version the record is at when the append was refused (null when it does not exist).</summary>
    public int? CurrentVersion { get; } = currentVersion;

    private static string Describe(string id, AppendConflictKind kind, int? current) => kind switch
    {
        AppendConflictKind.Exists => $"A record with id '{id}' already exists.",
        AppendConflictKind.Missing => $"No record '{id}'.",
        AppendConflictKind.Retracted => $"'{id}' was retracted.",
        AppendConflictKind.PseudonymTaken => $"The pseudonym counted for '{id}' was taken by another seal at the same moment; nothing was written: seal again.",
        _ => $"'{id}' is at version {current}; the change was made to another version.",
    };
}

/// <summary>
/// Where the live projection and a fresh replay of the ledger first disagree: the table and the row as
/// each has it (null when that side has no such row). Rows are in the table's sorted dump order.
/// </summary>
public sealed record ProjectionDifference(string Table, string? LiveRow, string? ReplayedRow);
