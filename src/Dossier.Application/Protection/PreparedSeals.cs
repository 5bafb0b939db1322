using System.Security.Cryptography;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;

namespace Dossier.Application.Protection;

/// <summary>
/// Identities sealed in memory but not stored yet: for each, the pseudonymous record, its <c>record.created</c> and
/// <c>identity.sealed</c> entries and its wrapped key — and its data key, so statements written in the same batch can be
/// sealed under it. Whoever holds it appends <see cref="Entries"/> with its own entries and stores <see cref="Keys"/>
/// in one transaction (<see cref="ISealedIdentityStore.AppendSealedAsync"/>): an import that seals identities is then
/// all or nothing. Disposing zeroes the data keys.
/// </summary>
public sealed class PreparedSeals : IDisposable
{
    private readonly List<PreparedSeal> _seals = [];
    private bool _disposed;

    private sealed record PreparedSeal(Person Record, string Pseudonym, NewEntry Created, NewEntry Sealed, WrappedKey Key, byte[] DataKey);

    internal PreparedSeals()
    {
    }

    public int Count => _seals.Count;

    /// <summary>The pseudonymous person records, in the order the requests came.</summary>
    public IReadOnlyList<Person> Records => [.. _seals.Select(s => s.Record)];

    /// <summary>Each identity's <c>record.created</c> then <c>identity.sealed</c>, in the order the requests came.</summary>
    public IReadOnlyList<NewEntry> Entries => [.. _seals.SelectMany(s => new[] { s.Created, s.Sealed })];

    public IReadOnlyList<WrappedKey> Keys => [.. _seals.Select(s => s.Key)];

    public bool Contains(string subjectId) => _seals.Exists(s => s.Record.Id == subjectId);

    internal void Add(Person record, string pseudonym, NewEntry created, NewEntry sealedEntry, WrappedKey key, byte[] dataKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _seals.Add(new PreparedSeal(record, pseudonym, created, sealedEntry, key, dataKey));
    }

    /// <summary>A copy of the subject's data key (the caller zeroes it) and its id, or null for a subject not in this batch.</summary>
    internal (byte[] DataKey, string DekId)? DataKeyOf(string subjectId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _seals.Find(s => s.Record.Id == subjectId) is { } seal ? ((byte[])seal.DataKey.Clone(), seal.Key.DekId) : null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var seal in _seals)
        {
            CryptographicOperations.ZeroMemory(seal.DataKey);
        }

        _disposed = true;
    }
}
