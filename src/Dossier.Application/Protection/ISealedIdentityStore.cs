using Dossier.Application.Ledger;

namespace Dossier.Application.Protection;

/// <summary>A sealed subject as the projection holds it: no secret, only where the ciphertext is and whether it was erased.</summary>
public sealed record SealedSubject(string SubjectId, string Pseudonym, SubjectCategory Category, string DekId, long SealedSequence, long? ErasedSequence)
{
    public bool Erased => ErasedSequence is not null;
}

/// <summary>What an erasure did to the database's own files to leave no copy of the wrapped key.</summary>
public sealed record ScrubReport(bool Complete, string Detail);

/// <summary>
/// What sealing needs from a database beyond the ledger: the wrapped data keys (a table outside the
/// ledger, so deleting a row shreds an identity while the ledger still verifies) and the projection of
/// identity entries. Every method that appends does so in the same transaction as its key change.
/// </summary>
public interface ISealedIdentityStore
{
    /// <summary>Appends the entries and stores the wrapped keys, in one transaction.</summary>
    Task<IReadOnlyList<LedgerEntry>> AppendSealedAsync(IReadOnlyList<NewEntry> entries, IReadOnlyList<WrappedKey> keys, CancellationToken cancellationToken);

    Task<SealedSubject?> GetSubjectAsync(string subjectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SealedSubject>> ListSubjectsAsync(CancellationToken cancellationToken);

    Task<WrappedKey?> GetKeyAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>The distinct master key ids the wrapped keys are under.</summary>
    Task<IReadOnlyList<string>> MasterKeyIdsAsync(CancellationToken cancellationToken);

    /// <summary>One ledger entry by sequence number, or null.</summary>
    Task<LedgerEntry?> GetEntryAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the subject's wrapped key and appends <paramref name="erased"/> in one transaction, then
    /// scrubs the database files so no copy of the deleted bytes remains where the database can help it.
    /// Returns null (and changes nothing) when the subject has no key.
    /// </summary>
    Task<(LedgerEntry Entry, ScrubReport Scrub)?> ShredAsync(string subjectId, NewEntry erased, CancellationToken cancellationToken);

    /// <summary>Scrubs the database files again (after an erasure whose scrub could not finish).</summary>
    Task<ScrubReport> ScrubKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Re-wraps every key with <paramref name="rewrap"/> and appends the entry <paramref name="entry"/>
    /// makes from the count, in one transaction under the ledger's write lock (so no seal slips in between).
    /// </summary>
    Task<int> RewrapAllAsync(Func<WrappedKey, WrappedKey> rewrap, Func<int, NewEntry> entry, CancellationToken cancellationToken);
}
