namespace Dossier.Domain.Records;

/// <summary>Who may see a record. Ordered from least to most sensitive.</summary>
public enum Classification
{
    Public,
    Internal,
    Restricted,
    ProtectedIdentity,
}

/// <summary>The stable names of classifications, as records, evidence items and the CLI write them.</summary>
public static class Classifications
{
    private static readonly string[] Names = ["public", "internal", "restricted", "protected-identity"];

    /// <summary>Every name, from least to most sensitive.</summary>
    public static IReadOnlyList<string> All => Names;

    public static string Name(Classification classification) => Names[(int)classification];

    public static bool TryParse(string? name, out Classification classification)
    {
        var index = Array.IndexOf(Names, name);
        classification = index < 0 ? default : (Classification)index;
        return index >= 0;
    }
}

/// <summary>The kinds of case record. Their stable names (<see cref="RecordKinds"/>) appear in the ledger and the file format.</summary>
public enum RecordKind
{
    Person,
    Organization,
    Place,
    Position,
    Event,
    Act,
    Involvement,
    Source,
    Claim,
    Proceeding,
    Hearing,
    Ruling,
    Interview,
    Statement,
    Allegation,
    Case,
}

/// <summary>
/// Common to every case record. Ids are chosen by people ("hamid-noury") or generated, and are unique
/// across the workspace whatever the kind. <see cref="Sources"/> names the sources a record rests on;
/// disputed statements are <see cref="Claim"/>s instead, never plain fields.
/// </summary>
public abstract record Record
{
    public required string Id { get; init; }

    public Classification Classification { get; init; } = Classification.Public;

    /// <summary>Ids of the sources this record's fields come from.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>True for invented people and rows (demo lists, test data): never to be shown as real.</summary>
    public bool Synthetic { get; init; }

    public string? Notes { get; init; }

    public abstract RecordKind Kind { get; }

    /// <summary>A short human label for lists and links.</summary>
    public abstract string Label { get; }

    /// <summary>Every record id this record points to, with the role of the reference.</summary>
    public virtual IEnumerable<RecordReference> References()
    {
        foreach (var source in Sources)
        {
            yield return new RecordReference(source, "source");
        }
    }
}

/// <summary>A pointer from one record to another, e.g. a claim's subject or a position's organisation.</summary>
public readonly record struct RecordReference(string TargetId, string Role);

/// <summary>A name in one script. Script is an ISO 15924 code: "Latn", "Arab" (Persian and Arabic), "Cyrl"...</summary>
public sealed record LocalizedName(string Text, string Script = "Latn");
