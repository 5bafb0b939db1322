using Dossier.Application.Ledger;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Application.Workspace;

/// <summary>
/// One entry of a record's history as a reader may see it. <see cref="Entry"/> is null when the version
/// it made was more sensitive than the reader may read: the reader learns that a version existed, and
/// when, but not who made it, why, or what it said.
/// </summary>
public sealed record HistoryItem(long Sequence, string Type, DateTimeOffset Time, int Version, LedgerEntry? Entry)
{
    public bool Withheld => Entry is null;
}

/// <summary>
/// The versions of a record, each under its own classification: a record revised from restricted to
/// public keeps its restricted versions restricted. A retraction carries the classification of the
/// version it retracts.
/// </summary>
public static class RecordHistory
{
    public sealed record Version(int Number, Classification Classification, LedgerEntry Entry);

    /// <summary>The history's entries (oldest first, as the store gives them) with each one's version number and classification.</summary>
    public static IReadOnlyList<Version> Versions(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var versions = new List<Version>(entries.Count);
        var classification = Classification.Public;
        foreach (var entry in entries)
        {
            classification = ClassificationOf(entry) ?? classification;
            versions.Add(new Version(versions.Count + 1, classification, entry));
        }

        return versions;
    }

    /// <summary>The classification of the record state an entry carries; null for entries that carry none (a retraction).</summary>
    public static Classification? ClassificationOf(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Type switch
        {
            EntryTypes.RecordCreated => Entries.RecordCreated.Read(entry).Record.Classification,
            EntryTypes.RecordRevised => Entries.RecordRevised.Read(entry).Record.Classification,
            _ => null,
        };
    }
}
