namespace Dossier.Domain.Records;

/// <summary>A state body, unit, prison as an institution, commission, court, NGO or party.</summary>
public sealed record Organization : Record
{
    public IReadOnlyList<LocalizedName> Names { get; init; } = [];

    /// <summary>Free classification: "state-body", "prison", "commission", "court", "ngo", "party", "un-body", "media"...</summary>
    public string? Type { get; init; }

    public string? ParentId { get; init; }

    public string? PlaceId { get; init; }

    public string? Description { get; init; }

    public override RecordKind Kind => RecordKind.Organization;

    public override string Label => Names.FirstOrDefault(n => n.Script == "Latn")?.Text ?? (Names.Count > 0 ? Names[0].Text : Id);

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        if (ParentId is not null)
        {
            yield return new RecordReference(ParentId, "parent");
        }

        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }
    }
}

/// <summary>A place, with coordinates (WGS 84) where known and a parent place ("Karaj" in "Alborz").</summary>
public sealed record Place : Record
{
    public IReadOnlyList<LocalizedName> Names { get; init; } = [];

    /// <summary>"country", "province", "city", "prison", "site", "court-house"...</summary>
    public string? Type { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? ParentId { get; init; }

    public string? Description { get; init; }

    public override RecordKind Kind => RecordKind.Place;

    public override string Label => Names.FirstOrDefault(n => n.Script == "Latn")?.Text ?? (Names.Count > 0 ? Names[0].Text : Id);

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        if (ParentId is not null)
        {
            yield return new RecordReference(ParentId, "parent");
        }
    }
}

/// <summary>
/// A person held a role in an organisation from one date to another. Command responsibility rests on
/// these, so they are records of their own with sources, not attributes of the person.
/// </summary>
public sealed record Position : Record
{
    public required string PersonId { get; init; }

    public required string Role { get; init; }

    public required string OrganizationId { get; init; }

    public FuzzyDate? From { get; init; }

    public FuzzyDate? To { get; init; }

    public string? PlaceId { get; init; }

    public override RecordKind Kind => RecordKind.Position;

    public override string Label => Role;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(PersonId, "person");
        yield return new RecordReference(OrganizationId, "organization");
        if (PlaceId is not null)
        {
            yield return new RecordReference(PlaceId, "place");
        }
    }
}
