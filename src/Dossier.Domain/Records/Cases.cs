namespace Dossier.Domain.Records;

/// <summary>One charge of a case: a crime of a legal framework and the mode of liability alleged (issue 15 §2).</summary>
public sealed record CaseCharge(string CrimeId, string ModeId, string? Note = null);

/// <summary>
/// Something offered to prove one element: a record (statement, allegation, claim, position, event …) or an
/// evidence item by its SHA-256 — exactly one of the two — and why it proves it.
/// </summary>
public sealed record ElementProof(string ElementId, string? RecordId = null, string? Evidence = null, string? Note = null);

/// <summary>
/// A case against one or more accused (issue 15): the charges, the period and places, and per element of each
/// charge what proves it. The elements themselves live in the legal frameworks (frameworks/*.yaml), not here.
/// </summary>
public sealed record CaseFile : Record
{
    public required string Title { get; init; }

    public IReadOnlyList<string> AccusedIds { get; init; } = [];

    public IReadOnlyList<CaseCharge> Charges { get; init; } = [];

    public FuzzyDate? Period { get; init; }

    public IReadOnlyList<string> PlaceIds { get; init; } = [];

    /// <summary>"preparation", "complaint-filed", "indicted", "tried", "closed" …</summary>
    public string? Status { get; init; }

    public IReadOnlyList<ElementProof> Proof { get; init; } = [];

    public override RecordKind Kind => RecordKind.Case;

    public override string Label => Title;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        foreach (var accused in AccusedIds)
        {
            yield return new RecordReference(accused, "accused");
        }

        foreach (var place in PlaceIds)
        {
            yield return new RecordReference(place, "case-place");
        }

        foreach (var proof in Proof)
        {
            if (proof.RecordId is not null)
            {
                yield return new RecordReference(proof.RecordId, "proof");
            }
        }
    }
}
