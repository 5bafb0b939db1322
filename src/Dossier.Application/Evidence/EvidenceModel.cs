using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Bundles;

namespace Dossier.Application.Evidence;

/// <summary>What happened to evidence after its acquisition. Each action is its own ledger entry type.</summary>
public enum CustodyAction
{
    Transfer,
    Copy,
    Analyse,
    Redact,
    Disclose,
    Return,
}

/// <summary>How a derivative item was made from its original (docs/adr/0305-custody-model.md).</summary>
public enum Derivation
{
    Redaction,
    Transcript,
    Translation,
}

/// <summary>Stable names of custody actions and derivations, and the entry type of each action.</summary>
public static class CustodyNames
{
    public const string Acquire = "acquire";

    /// <summary>The custody chain's name for an erasure of the metadata kept beside the ledger (ADR 0909).</summary>
    public const string EraseMetadata = "erase-metadata";

    /// <summary>The custody chain's name for a change of the item's classification (ADR 1817).</summary>
    public const string Classify = "classify";

    private static readonly Dictionary<CustodyAction, (string Name, EntryKind<CustodyBody> Kind)> Actions = new()
    {
        [CustodyAction.Transfer] = ("transfer", Entries.EvidenceTransferred),
        [CustodyAction.Copy] = ("copy", Entries.EvidenceCopied),
        [CustodyAction.Analyse] = ("analyse", Entries.EvidenceAnalysed),
        [CustodyAction.Redact] = ("redact", Entries.EvidenceRedacted),
        [CustodyAction.Disclose] = ("disclose", Entries.EvidenceDisclosed),
        [CustodyAction.Return] = ("return", Entries.EvidenceReturned),
    };

    public static IReadOnlyList<string> ActionNames { get; } = [.. Actions.Values.Select(a => a.Name)];

    public static IReadOnlyList<string> DerivationNames { get; } = ["redaction", "transcript", "translation"];

    public static IReadOnlyCollection<string> CustodyEntryTypes { get; } = [.. Actions.Values.Select(a => a.Kind.Name)];

    public static string Name(CustodyAction action) => Actions[action].Name;

    public static string EntryType(CustodyAction action) => Actions[action].Kind.Name;

    public static EntryKind<CustodyBody> Kind(CustodyAction action) => Actions[action].Kind;

    public static bool TryParse(string? name, out CustodyAction action)
    {
        foreach (var (key, value) in Actions)
        {
            if (string.Equals(value.Name, name, StringComparison.Ordinal))
            {
                action = key;
                return true;
            }
        }

        action = default;
        return false;
    }

    /// <summary>The action an entry type records, or null for the acquisition and other entries.</summary>
    public static CustodyAction? ActionOf(string entryType)
    {
        foreach (var (key, value) in Actions)
        {
            if (string.Equals(value.Kind.Name, entryType, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }

    public static string Name(Derivation derivation) => DerivationNames[(int)derivation];

    public static bool TryParse(string? name, out Derivation derivation)
    {
        var index = DerivationNames.IndexOf(name ?? string.Empty);
        derivation = index < 0 ? default : (Derivation)index;
        return index >= 0;
    }

    private static int IndexOf(this IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// An evidence item as the projection holds it: the stored file (hash, size, type, name), its Berkeley
/// Protocol acquisition, the metadata extracted from it, the original it was derived from (if any), and who
/// holds it now according to the custody chain.
/// </summary>
public sealed record EvidenceItem
{
    public required string Hash { get; init; }

    public required long Size { get; init; }

    public required string MediaType { get; init; }

    public required string OriginalName { get; init; }

    public required Acquisition Acquisition { get; init; }

    /// <summary>The ledger entry that recorded the acquisition.</summary>
    public required long AcquisitionEntry { get; init; }

    /// <summary>The current holder: the collector, or the recipient of the latest transfer or return.</summary>
    public required string Holder { get; init; }

    /// <summary>Who may see the item, its metadata and its file (as records: docs/access-control.md).</summary>
    public Classification Classification { get; init; } = Classification.Internal;

    /// <summary>EXIF/XMP/GPS and container metadata extracted at acquisition (see <see cref="MediaMetadata"/>), or null.</summary>
    public JsonElement? Metadata { get; init; }

    public string? DerivedFrom { get; init; }

    public string? Derivation { get; init; }
}

/// <summary>One event in an item's chain of custody, read back from its ledger entry.</summary>
/// <param name="Body">The entry's body as the ledger holds it (the API shows it as the event's details).</param>
/// <param name="Details">The custody event's fields; null for the acquisition, whose fields are the item's.</param>
public sealed record CustodyEvent(long Sequence, string Action, string Actor, DateTimeOffset RecordedAt, string Reason, JsonElement Body, CustodyBody? Details)
{
    public static CustodyEvent From(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (CustodyNames.ActionOf(entry.Type) is { } custody)
        {
            return new CustodyEvent(entry.Sequence, CustodyNames.Name(custody), entry.Actor, entry.Time, entry.Reason, entry.Body, CustodyNames.Kind(custody).Read(entry));
        }

        var action = entry.Type switch
        {
            EntryTypes.EvidenceAcquired => CustodyNames.Acquire,
            EntryTypes.EvidenceMetadataErased => CustodyNames.EraseMetadata,
            EntryTypes.EvidenceClassified => CustodyNames.Classify,
            _ => entry.Type,
        };
        return new CustodyEvent(entry.Sequence, action, entry.Actor, entry.Time, entry.Reason, entry.Body, null);
    }
}

/// <summary>Whether the stored file still has the hash it was acquired under.</summary>
public enum IntegrityStatus
{
    Intact,
    Missing,
    Altered,
}

/// <summary>An item with its full custody chain, its derivatives and a fresh re-hash of its stored file.</summary>
public sealed record EvidenceDetail(EvidenceItem Item, IReadOnlyList<CustodyEvent> Custody, IReadOnlyList<EvidenceItem> Derivatives, IntegrityStatus Integrity, string? ActualHash);

/// <summary>The Berkeley Protocol facts of an acquisition, as given by the collector.</summary>
public sealed record AcquisitionRequest
{
    public required string Collector { get; init; }

    /// <summary>When it was collected, with the offset the collector used.</summary>
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>IANA time zone of the collector.</summary>
    public required string Zone { get; init; }

    public string? SourceUrl { get; init; }

    public string? Location { get; init; }

    public required string Method { get; init; }

    public required string Tool { get; init; }

    public required string ToolVersion { get; init; }

    public string? Note { get; init; }

    /// <summary>The item this file was made from, for a redacted copy, transcript or translation.</summary>
    public string? DerivedFrom { get; init; }

    public Derivation? Derivation { get; init; }

    /// <summary>Who may see the item (default internal: the team's working material). The one who adds it must be able to write it.</summary>
    public Classification Classification { get; init; } = Classification.Internal;
}

/// <summary>A custody event about to be recorded.</summary>
public sealed record CustodyRequest
{
    public required CustodyAction Action { get; init; }

    /// <summary>SHA-256 hashes of the items concerned; at least one, each already in the vault.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>Who receives the items (transfer, copy, disclose, return).</summary>
    public string? To { get; init; }

    /// <summary>Who hands them over; defaults to the current holder.</summary>
    public string? From { get; init; }

    /// <summary>Under what authority (a disclosure needs it: court order, request number, agreement).</summary>
    public string? Authority { get; init; }

    /// <summary>Where the event took place.</summary>
    public string? Location { get; init; }

    /// <summary>The tool used (analysis, redaction, copy).</summary>
    public string? Tool { get; init; }

    /// <summary>For a redaction: the hash of the redacted copy, when it was added as a derivative.</summary>
    public string? Result { get; init; }

    /// <summary>When it happened; the time of recording when not given.</summary>
    public DateTimeOffset? At { get; init; }

    public string? Note { get; init; }
}

public enum EvidenceStatus
{
    Added,
    AlreadyStored,
    Recorded,
    Invalid,
    NotFound,

    /// <summary>The principal's role may not do this; the refusal is audited.</summary>
    Refused,

    /// <summary>Nothing to record: the item already is as asked (a reclassification to its own classification).</summary>
    Unchanged,
}

/// <summary>What an evidence command did: the item (new or already there), or why nothing was recorded.</summary>
public sealed record EvidenceResult(EvidenceStatus Status, EvidenceItem? Item = null, long? Entry = null, IReadOnlyList<ValidationError>? Errors = null)
{
    public IReadOnlyList<ValidationError> Errors { get; } = Errors ?? [];

    public bool Ok => Status is EvidenceStatus.Added or EvidenceStatus.AlreadyStored or EvidenceStatus.Recorded or EvidenceStatus.Unchanged;

    /// <summary>Something the person adding the file should know, e.g. that its metadata could not be read.</summary>
    public string? Note { get; init; }

    public static EvidenceResult Invalid(params ValidationError[] errors) => new(EvidenceStatus.Invalid, Errors: errors);
}

/// <summary>
/// The evidence projection: items, their custody events and derivative links, so lookups never scan the
/// ledger (<see cref="IWorkspaceStore.Evidence"/>; the files are in the workspace folder's <c>blobs/</c>).
/// </summary>
public interface IEvidenceStore
{
    Task<EvidenceItem?> GetItemAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Items in acquisition order.</summary>
    Task<IReadOnlyList<EvidenceItem>> ListItemsAsync(int offset, int limit, CancellationToken cancellationToken);

    Task<long> CountItemsAsync(CancellationToken cancellationToken);

    /// <summary>The ledger entries of an item's chain of custody, acquisition first.</summary>
    Task<IReadOnlyList<LedgerEntry>> CustodyAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Items derived from this one (redacted copies, transcripts, translations).</summary>
    Task<IReadOnlyList<EvidenceItem>> DerivativesAsync(string hash, CancellationToken cancellationToken);

    /// <summary>
    /// Appends acquisition entries and, in the same transaction, the metadata extracted from their files
    /// (canonical JSON by hash), which is kept beside the ledger so that it can be erased; the entries hold its SHA-256.
    /// </summary>
    Task<IReadOnlyList<LedgerEntry>> AppendAcquisitionsAsync(IReadOnlyList<NewEntry> entries, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);

    /// <summary>The metadata kept beside the ledger for an item (canonical JSON), or null.</summary>
    Task<string?> StoredMetadataAsync(string hash, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="erased"/> and, in its transaction, deletes the item's metadata row (with SQLite's
    /// secure delete): false, and nothing written, when there is no row to delete.
    /// </summary>
    Task<bool> EraseMetadataAsync(string hash, NewEntry erased, CancellationToken cancellationToken);

    /// <summary>
    /// Pages of extracted text (ADR 1602) that match every query word, best first, of items whose classification and
    /// whose text's are both at most <paramref name="ceiling"/>.
    /// </summary>
    Task<IReadOnlyList<Search.PageHit>> SearchPagesAsync(IReadOnlyList<Search.QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken);
}
