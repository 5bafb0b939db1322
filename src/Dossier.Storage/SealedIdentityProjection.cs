using Dossier.Application.Ledger;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;

namespace Dossier.Storage;

/// <summary>
/// Folds identity.* entries into sealed_identities and into the subject's history (so a record's
/// history shows when it was sealed, unsealed, refused and erased). Holds no secret: the ciphertext
/// stays in the ledger, the wrapped key in identity_keys, which only the sealing store writes.
/// </summary>
internal static class SealedIdentityProjection
{
    public static bool Handles(string type) =>
        type is EntryTypes.IdentitySealed or EntryTypes.IdentityUnsealed or EntryTypes.IdentityAccessRefused or EntryTypes.IdentityErased;

    public static async Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var subject = Entries.Find(entry.Type)?.ReadBody(entry) switch
        {
            IdentitySealedBody sealedIdentity => sealedIdentity.Subject,
            IdentityAccessBody access => access.Subject,
            _ => null,
        };
        switch (entry.Type)
        {
            case EntryTypes.IdentitySealed:
                var sealedBody = Entries.IdentitySealed.Read(entry);
                // Two seals prepared at once may both have counted to the same next pseudonym: the later one is a conflict
                // its caller can name (seal again), not a unique-constraint failure of the database.
                if (await session.ScalarAsync("select subject_id from sealed_identities where pseudonym = @pseudonym", cancellationToken, ("pseudonym", sealedBody.Pseudonym)) is string)
                {
                    throw new AppendConflictException(sealedBody.Subject, AppendConflictKind.PseudonymTaken, null);
                }

                await session.ExecuteAsync(
                    """
                    insert into sealed_identities (subject_id, pseudonym, category, dek_id, sealed_seq, erased_seq)
                    values (@id, @pseudonym, @category, @dek, @seq, null)
                    """,
                    cancellationToken,
                    ("id", sealedBody.Subject), ("pseudonym", sealedBody.Pseudonym),
                    ("category", IdentityEntries.CategoryName(IdentityEntries.ParseCategory(sealedBody.Category))),
                    ("dek", sealedBody.DekId), ("seq", entry.Sequence));
                break;
            case EntryTypes.IdentityErased:
                await session.ExecuteAsync("update sealed_identities set erased_seq = @seq where subject_id = @id",
                    cancellationToken, ("id", subject), ("seq", entry.Sequence));
                break;
            default:
                break;
        }

        if (subject is not null)
        {
            // Only subjects that are sealed: a refused attempt on a made-up id adds no history row.
            await session.ExecuteAsync(
                "insert into record_history (record_id, seq) select subject_id, @seq from sealed_identities where subject_id = @id",
                cancellationToken, ("id", subject), ("seq", entry.Sequence));
        }
    }

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from sealed_identities", cancellationToken);
}
