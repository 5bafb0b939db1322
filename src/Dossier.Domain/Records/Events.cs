namespace Dossier.Domain.Records;

/// <summary>An incident: what happened, when and where (e.g. the Gohardasht executions, summer 1988).</summary>
public sealed record Event : Record
{
    public required string Title { get; init; }

    public string? TitleFa { get; init; }

    public string? Description { get; init; }

    /// <summary>"mass-execution", "arrest", "trial-session", "protest"...</summary>
    public string? Type { get; init; }

    public FuzzyDate? Date { get; init; }

    public string? PlaceId { get; init; }

    /// <summary>An event this one is part of (chain of events).</summary>
    public string? PartOfId { get; init; }

    public override RecordKind Kind => RecordKind.Event;

    public override string Label => Title;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }

        if (PartOfId is not null)
        {
            yield return new RecordReference(PartOfId, "part-of");
        }
    }
}

/// <summary>A violation suffered by one victim in an event: killing, torture, arbitrary detention, enforced disappearance...</summary>
public sealed record Act : Record
{
    public required string VictimId { get; init; }

    public required string Violation { get; init; }

    public string? EventId { get; init; }

    public FuzzyDate? Date { get; init; }

    public string? PlaceId { get; init; }

    public override RecordKind Kind => RecordKind.Act;

    public override string Label => Violation;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(VictimId, "victim");
        if (EventId is not null)
        {
            yield return new RecordReference(EventId, "event");
        }

        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }
    }
}

/// <summary>A perpetrator's part in an act, with its degree ("ordered", "perpetrated", "aided", "commanded").</summary>
public sealed record Involvement : Record
{
    public required string ActId { get; init; }

    public required string PerpetratorId { get; init; }

    public required string Degree { get; init; }

    public override RecordKind Kind => RecordKind.Involvement;

    public override string Label => Degree;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(ActId, "act");
        yield return new RecordReference(PerpetratorId, "perpetrator");
    }
}
