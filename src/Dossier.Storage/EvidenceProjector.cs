using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Ledger.Canonical;

namespace Dossier.Storage;

/// <summary>
/// Folds evidence entries (acquisitions and custody events) into the evidence tables: items, custody
/// chains and derivative links. Values are taken from the canonical form of the body, so a live append and a
/// replay write identical rows.
/// </summary>
internal static class EvidenceProjector
{
    public static bool Handles(string entryType) =>
        entryType is EntryTypes.EvidenceAcquired or EntryTypes.EvidenceMetadataErased or EntryTypes.EvidenceClassified || CustodyNames.ActionOf(entryType) is not null;

    public static Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken) => entry.Type switch
    {
        EntryTypes.EvidenceAcquired => AcquiredAsync(session, entry, cancellationToken),
        // An erasure of the item's metadata is part of its history: shown in its custody chain.
        EntryTypes.EvidenceMetadataErased => AddCustodyAsync(session, Entries.EvidenceMetadataErased.Read(entry).Hash, entry.Sequence, CustodyNames.EraseMetadata, cancellationToken),
        EntryTypes.EvidenceClassified => ClassifiedAsync(session, entry, cancellationToken),
        _ => CustodyAsync(session, entry, cancellationToken),
    };

    public static readonly IReadOnlyList<(string Table, string Sql)> Tables =
    [
        ("evidence_items", "select hash, size, media_type, original_name, collector, collected_at_utc, holder, acquired_seq, derived_from, derivation, body from evidence_items"),
        ("evidence_custody", "select hash, seq, action from evidence_custody"),
        ("evidence_derivatives", "select original, derivative, derivation, seq from evidence_derivatives"),
        // Its own dump (migration 0012), so the dump of evidence_items reads as it did before classifications.
        ("evidence_classification", "select hash, classification from evidence_items"),
    ];

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from evidence_items; delete from evidence_custody; delete from evidence_derivatives;", cancellationToken);

    private static async Task AcquiredAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EvidenceAcquired.Read(entry);
        var hash = body.Hash.ToLowerInvariant();
        var derivedFrom = body.DerivedFrom?.ToLowerInvariant();
        var derivation = body.Derivation;
        // The body as the ledger holds it (canonical JSON), for the item's page and bundles.
        var canonical = new StringBuilder(entry.Body.GetRawText().Length);
        JsonCanonicalizer.WriteTo(canonical, entry.Body);
        var collector = body.Acquisition.Collector;
        // The first acquisition of a file is the item; a second (two adds racing) stays in the ledger only.
        var inserted = await session.ExecuteAsync(
            """
            insert into evidence_items (hash, size, media_type, original_name, collector, collected_at_utc, holder, acquired_seq, derived_from, derivation, body, classification)
            values (@hash, @size, @media, @name, @collector, @at, @collector, @seq, @derived, @derivation, @body, @classification)
            on conflict (hash) do nothing
            """,
            cancellationToken,
            ("hash", hash), ("size", body.Size), ("media", body.MediaType),
            ("name", body.OriginalName), ("collector", collector),
            ("at", body.Acquisition.CollectedAtUtc), ("seq", entry.Sequence),
            ("derived", derivedFrom), ("derivation", derivation), ("body", canonical.ToString()),
            ("classification", Classifications.Name(body.Classification)));
        if (inserted == 0)
        {
            return;
        }

        await AddCustodyAsync(session, hash, entry.Sequence, CustodyNames.Acquire, cancellationToken);
        if (derivedFrom is not null)
        {
            await session.ExecuteAsync(
                "insert into evidence_derivatives (original, derivative, derivation, seq) values (@original, @derivative, @derivation, @seq) on conflict do nothing",
                cancellationToken, ("original", derivedFrom), ("derivative", hash), ("derivation", derivation ?? string.Empty), ("seq", entry.Sequence));
        }
    }

    private static async Task CustodyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var action = CustodyNames.ActionOf(entry.Type)!.Value;
        var body = CustodyNames.Kind(action).Read(entry);
        var to = body.To;
        foreach (var item in body.Items)
        {
            var hash = item.ToLowerInvariant();
            await AddCustodyAsync(session, hash, entry.Sequence, CustodyNames.Name(action), cancellationToken);
            // Physical possession moves with a transfer or a return; a copy or a disclosure leaves the original where it is.
            if (to is not null && action is CustodyAction.Transfer or CustodyAction.Return)
            {
                await session.ExecuteAsync("update evidence_items set holder = @to where hash = @hash", cancellationToken, ("to", to), ("hash", hash));
            }
        }
    }

    /// <summary>A reclassification (ADR 1817): the item's classification from now on, and a step in its custody chain.</summary>
    private static async Task ClassifiedAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EvidenceClassified.Read(entry);
        foreach (var item in body.Items)
        {
            var hash = item.ToLowerInvariant();
            await session.ExecuteAsync("update evidence_items set classification = @classification where hash = @hash", cancellationToken,
                ("classification", Classifications.Name(body.Classification)), ("hash", hash));
            await AddCustodyAsync(session, hash, entry.Sequence, CustodyNames.Classify, cancellationToken);
        }
    }

    private static Task AddCustodyAsync(SqlSession session, string hash, long sequence, string action, CancellationToken cancellationToken) =>
        session.ExecuteAsync("insert into evidence_custody (hash, seq, action) values (@hash, @seq, @action) on conflict do nothing",
            cancellationToken, ("hash", hash), ("seq", sequence), ("action", action));

}
