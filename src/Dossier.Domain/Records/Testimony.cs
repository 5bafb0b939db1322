namespace Dossier.Domain.Records;

/// <summary>Whether a statement supports or contradicts an allegation.</summary>
public enum Stance
{
    Supports,
    Contradicts,
}

/// <summary>What a witness agreed to (issue 14 §1): with whom their account may be shared, for what, and a withdrawal.</summary>
/// <remarks>
/// The words are fixed (<see cref="Audiences"/>, <see cref="Purposes"/>) so exports can honour them. A withdrawal
/// takes every statement of the interview out of exports, counts and pages; docs/testimony.md says what is
/// and is not destroyed with it.
/// </remarks>
public sealed record Consent
{
    /// <summary>Who may receive the account: the documenting team always, others only when named.</summary>
    public static readonly IReadOnlyList<string> Audiences = ["team", "partners", "prosecutors", "courts", "un-mechanisms", "public"];

    public static readonly IReadOnlyList<string> Purposes = ["documentation", "prosecution", "advocacy", "publication", "research"];

    public IReadOnlyList<string> SharedWith { get; init; } = [];

    public IReadOnlyList<string> For { get; init; } = [];

    public FuzzyDate? Given { get; init; }

    /// <summary>When the witness withdrew consent; null while it stands.</summary>
    public FuzzyDate? Withdrawn { get; init; }

    /// <summary>How consent was given or withdrawn (signed form, recorded orally, through counsel…).</summary>
    public string? Note { get; init; }

    /// <summary>Whether this consent covers sharing with <paramref name="audience"/> for <paramref name="purpose"/>.</summary>
    public bool Covers(string audience, string purpose) =>
        Withdrawn is null && SharedWith.Contains(audience, StringComparer.Ordinal) && For.Contains(purpose, StringComparer.Ordinal);
}

/// <summary>What an evidence item is to an interview.</summary>
public enum MaterialRole
{
    Recording,
    Transcript,
    Translation,
}

/// <summary>A recording, transcript or translation of an interview: an evidence item (by its SHA-256), with its language.</summary>
public sealed record InterviewMaterial(string Evidence, MaterialRole Role, string? Language = null, string? CertifiedBy = null);

/// <summary>
/// One interview of one witness (issue 14 §1). The witness is a person record: for a protected witness, the
/// pseudonymous record (W-001), whose statements' text is then sealed under that witness's key.
/// </summary>
public sealed record Interview : Record
{
    public required string WitnessId { get; init; }

    public string? InterviewerId { get; init; }

    /// <summary>The interviewer's name where they have no record.</summary>
    public string? Interviewer { get; init; }

    /// <summary>Who brought the witness: a person or an organisation record.</summary>
    public string? IntermediaryId { get; init; }

    /// <summary>The intermediary's name where they have no record.</summary>
    public string? Intermediary { get; init; }

    /// <summary>The organisation that took the interview.</summary>
    public string? OrganizationId { get; init; }

    public FuzzyDate? Date { get; init; }

    public string? PlaceId { get; init; }

    /// <summary>Where, in words, when there is no place record ("by video link").</summary>
    public string? Place { get; init; }

    /// <summary>The language spoken, a BCP 47 tag (fa, en, az…).</summary>
    public string? Language { get; init; }

    public string? Interpreter { get; init; }

    public required Consent Consent { get; init; }

    public IReadOnlyList<InterviewMaterial> Materials { get; init; } = [];

    public override RecordKind Kind => RecordKind.Interview;

    public override string Label => Date is { } date ? $"Interview of {WitnessId}, {date}" : $"Interview of {WitnessId}";

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(WitnessId, "witness");
        if (InterviewerId is not null)
        {
            yield return new RecordReference(InterviewerId, "interviewer");
        }

        if (IntermediaryId is not null)
        {
            yield return new RecordReference(IntermediaryId, "intermediary");
        }

        if (OrganizationId is not null)
        {
            yield return new RecordReference(OrganizationId, "interview-organization");
        }

        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }
    }
}

/// <summary>A translation of a statement, shown beside the original.</summary>
public sealed record StatementTranslation(string Language, string Text, string? CertifiedBy = null);

/// <summary>An allegation a statement bears on, and how.</summary>
public sealed record StatementAllegation(string AllegationId, Stance Stance);

/// <summary>
/// A statement's text and translations encrypted under its witness's data key (AES-256-GCM, base64 members):
/// what the ledger keeps of a protected witness's words. Destroying the witness's key shreds it.
/// </summary>
public sealed record SealedText(string DekId, string Nonce, string Ciphertext, string Tag);

/// <summary>
/// One statement of an interview (issue 14 §2): its words, what it mentions, and the allegations it supports or
/// contradicts. For a protected witness <see cref="Text"/> and <see cref="Translations"/> are never stored: the
/// one door seals them into <see cref="Sealed"/>.
/// </summary>
public sealed record Statement : Record
{
    public required string InterviewId { get; init; }

    /// <summary>Its place in the interview (1, 2, 3…).</summary>
    public int? Sequence { get; init; }

    public string? Language { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<StatementTranslation> Translations { get; init; } = [];

    public SealedText? Sealed { get; init; }

    public IReadOnlyList<string> PersonIds { get; init; } = [];

    public IReadOnlyList<string> PlaceIds { get; init; } = [];

    public IReadOnlyList<string> EventIds { get; init; } = [];

    /// <summary>When what it describes happened.</summary>
    public FuzzyDate? Time { get; init; }

    public IReadOnlyList<StatementAllegation> Allegations { get; init; } = [];

    public override RecordKind Kind => RecordKind.Statement;

    // Never the text: labels go to the search index and to links, and the text may be sealed or withdrawn.
    public override string Label => Sequence is { } n ? $"Statement {n} of {InterviewId}" : $"Statement {Id}";

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(InterviewId, "interview");
        foreach (var person in PersonIds)
        {
            yield return new RecordReference(person, "mentions-person");
        }

        foreach (var place in PlaceIds)
        {
            yield return new RecordReference(place, "mentions-place");
        }

        foreach (var @event in EventIds)
        {
            yield return new RecordReference(@event, "mentions-event");
        }

        foreach (var allegation in Allegations)
        {
            yield return new RecordReference(allegation.AllegationId, "allegation");
        }
    }
}

/// <summary>
/// Something alleged against one or more accused ("X read out names in the corridor of Gohardasht, summer
/// 1988"), supported or contradicted by statements, later tied to the elements of a charge.
/// </summary>
public sealed record Allegation : Record
{
    public required string Text { get; init; }

    public string? TextFa { get; init; }

    public IReadOnlyList<string> AccusedIds { get; init; } = [];

    public string? PlaceId { get; init; }

    public string? EventId { get; init; }

    public FuzzyDate? Time { get; init; }

    public override RecordKind Kind => RecordKind.Allegation;

    public override string Label => Text;

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

        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }

        if (EventId is not null)
        {
            yield return new RecordReference(EventId, "event");
        }
    }
}
