using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dossier.Ledger.Bundles;

/// <summary>
/// How an evidence item was collected, after the Berkeley Protocol on Digital Open Source Investigations:
/// who, when (UTC instant plus the collector's time zone), from where, how, and with which tool. Values are
/// copied verbatim from the item's acquisition ledger entry; the verifier checks each against the entry's field of the same name.
/// </summary>
public sealed record Acquisition
{
    public required string Collector { get; init; }

    /// <summary>RFC 3339 instant in UTC, e.g. 2024-05-01T10:15:00Z.</summary>
    public required string CollectedAtUtc { get; init; }

    /// <summary>The collector's IANA time zone, e.g. Europe/Stockholm.</summary>
    public required string CollectedAtZone { get; init; }

    public string? SourceUrl { get; init; }

    public string? Location { get; init; }

    public required string Method { get; init; }

    public required string Tool { get; init; }

    public required string ToolVersion { get; init; }

    public string? Note { get; init; }

    /// <summary>Every field with its JSON name, null ones too: each must equal the acquisition entry's field of that name.</summary>
    internal IEnumerable<(string Field, string? Value)> AllFields() =>
    [
        ("collector", Collector), ("collectedAtUtc", CollectedAtUtc), ("collectedAtZone", CollectedAtZone), ("sourceUrl", SourceUrl),
        ("location", Location), ("method", Method), ("tool", Tool), ("toolVersion", ToolVersion), ("note", Note),
    ];
}

/// <summary>An evidence file in a bundle and the ledger entries that record it.</summary>
public sealed record BundleItem
{
    /// <summary>SHA-256 of the file, 64 lowercase hex digits; the file is stored as <c>files/{Hash}</c>.</summary>
    public required string Hash { get; init; }

    public required long Size { get; init; }

    public required string MediaType { get; init; }

    public required string OriginalName { get; init; }

    public required Acquisition Acquisition { get; init; }

    /// <summary>Leaf index of the acquisition entry; its body.hash must equal <see cref="Hash"/>.</summary>
    public required long AcquisitionEntry { get; init; }

    /// <summary>Leaf indexes of the item's custody chain (acquisition, transfers, copies, …) in ledger order.</summary>
    public required IReadOnlyList<long> Custody { get; init; }

    /// <summary>For a derivative (redacted copy, transcript, translation): the SHA-256 of the original item.
    /// Optional; it must equal the acquisition entry's body.derivedFrom, as <see cref="Derivation"/> must equal body.derivation.</summary>
    public string? DerivedFrom { get; init; }

    /// <summary>How the derivative was made: redaction, transcript or translation.</summary>
    public string? Derivation { get; init; }
}

/// <summary>A ledger entry in a bundle: its exact bytes are <c>entries/{Index}.json</c>.</summary>
public sealed record BundleEntry
{
    public required long Index { get; init; }

    /// <summary>RFC 9162 leaf hash of the entry bytes, base64.</summary>
    public required string LeafHash { get; init; }

    /// <summary>The inclusion proof to the bundle's checkpoint, leaf side first, base64 hashes.</summary>
    public required IReadOnlyList<string> InclusionProof { get; init; }
}

/// <summary>The optional proof that the bundle's checkpoint extends an older one.</summary>
public sealed record BundleConsistency
{
    /// <summary>Path in the zip of the older signed checkpoint.</summary>
    public required string OldCheckpoint { get; init; }

    public required IReadOnlyList<string> Proof { get; init; }
}

/// <summary>manifest.json — see docs/formats/bundle.md.</summary>
public sealed record BundleManifest
{
    public const string CurrentFormat = "dossier-bundle/1";

    public required string Format { get; init; }

    /// <summary>When the bundle was written (RFC 3339 UTC); informational, not proven.</summary>
    public required string CreatedAtUtc { get; init; }

    public required IReadOnlyList<BundleItem> Items { get; init; }

    public required IReadOnlyList<BundleEntry> Entries { get; init; }

    public BundleConsistency? Consistency { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>Fixed paths inside a bundle.</summary>
public static class BundlePaths
{
    public const string Manifest = "manifest.json";
    public const string Checkpoint = "checkpoint.txt";
    public const string VerifierKey = "verifier-key.txt";
    public const string OldCheckpoint = "old-checkpoint.txt";

    public static string File(string hash) => $"files/{hash}";

    public static string Entry(long index) => $"entries/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}.json";
}
