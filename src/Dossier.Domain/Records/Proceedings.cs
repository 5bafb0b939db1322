namespace Dossier.Domain.Records;

/// <summary>One charge in a proceeding: what the accused is charged with and under which law.</summary>
public sealed record Charge(string Label, string? Law = null, string? Description = null);

/// <summary>Counsel in a proceeding: a person record or just a name, and whom they act for.</summary>
public sealed record Counsel(string Name, string Role, string? PersonId = null);

/// <summary>A case in a court: docket, accused, charges, counsel, and its outcome.</summary>
public sealed record Proceeding : Record
{
    public required string Title { get; init; }

    /// <summary>The title in Persian, shown to a Persian reader (issue 18 §4); searched like the title.</summary>
    public string? TitleFa { get; init; }

    public required string CourtId { get; init; }

    public string? Docket { get; init; }

    public IReadOnlyList<string> AccusedIds { get; init; } = [];

    public IReadOnlyList<Charge> Charges { get; init; } = [];

    public IReadOnlyList<Counsel> Counsel { get; init; } = [];

    public FuzzyDate? Opened { get; init; }

    /// <summary>What became of it after the rulings ("released in a prisoner exchange, 15 June 2024").</summary>
    public string? Outcome { get; init; }

    public override RecordKind Kind => RecordKind.Proceeding;

    public override string Label => Title;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(CourtId, "court");
        foreach (var accused in AccusedIds)
        {
            yield return new RecordReference(accused, "accused");
        }

        foreach (var counsel in Counsel)
        {
            if (counsel.PersonId is not null)
            {
                yield return new RecordReference(counsel.PersonId, "counsel");
            }
        }
    }
}

/// <summary>One court session: date, venue, witnesses heard.</summary>
public sealed record Hearing : Record
{
    public required string ProceedingId { get; init; }

    public required FuzzyDate Date { get; init; }

    public string? VenuePlaceId { get; init; }

    public string? Venue { get; init; }

    public string? Description { get; init; }

    /// <summary>The description in Persian, shown to a Persian reader where the session is named.</summary>
    public string? DescriptionFa { get; init; }

    /// <summary>Witnesses heard: person ids, or pseudonyms for protected witnesses.</summary>
    public IReadOnlyList<string> Witnesses { get; init; } = [];

    /// <summary>How many witnesses were heard where they are not listed one by one.</summary>
    public int? WitnessCount { get; init; }

    public override RecordKind Kind => RecordKind.Hearing;

    public override string Label => Description ?? Date.ToString();

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(ProceedingId, "proceeding");
        if (VenuePlaceId is not null)
        {
            yield return new RecordReference(VenuePlaceId, "venue");
        }
    }
}

/// <summary>A decision in a proceeding: verdict, sentence, appeal judgment, refusal of leave.</summary>
public sealed record Ruling : Record
{
    public required string ProceedingId { get; init; }

    /// <summary>"verdict", "appeal-judgment", "leave-refused", "decision"...</summary>
    public required string Type { get; init; }

    public required FuzzyDate Date { get; init; }

    public string? CourtId { get; init; }

    public required string Outcome { get; init; }

    public string? Sentence { get; init; }

    public override RecordKind Kind => RecordKind.Ruling;

    public override string Label => $"{Type}: {Outcome}";

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(ProceedingId, "proceeding");
        if (CourtId is not null)
        {
            yield return new RecordReference(CourtId, "court");
        }
    }
}
