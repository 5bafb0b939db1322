namespace Dossier.Domain.Records;

/// <summary>The part of a person's name a <see cref="PersonName"/> holds.</summary>
public enum NameKind
{
    /// <summary>The whole name as written, e.g. "Hamid Noury" or "حمید نوری".</summary>
    Full,
    Given,
    Family,
    /// <summary>Father's name, which Iranian records use to tell people apart.</summary>
    Father,
    Alias,
}

public enum Sex
{
    Unknown,
    Female,
    Male,
}

/// <summary>One name of a person in one script, with what part of the name it is.</summary>
public sealed record PersonName(string Text, string Script, NameKind Kind);

public sealed record Person : Record
{
    public IReadOnlyList<PersonName> Names { get; init; } = [];

    /// <summary>Free aliases ("Abbasi"), in any script.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public Sex Sex { get; init; }

    public FuzzyDate? Born { get; init; }

    public FuzzyDate? Died { get; init; }

    public string? Description { get; init; }

    public override RecordKind Kind => RecordKind.Person;

    public override string Label =>
        Names.FirstOrDefault(n => n.Kind == NameKind.Full && n.Script == "Latn")?.Text
        ?? Names.FirstOrDefault(n => n.Kind == NameKind.Full)?.Text
        ?? string.Join(' ', Names.Where(n => n.Kind is NameKind.Given or NameKind.Family).Select(n => n.Text)) switch
        {
            "" => Id,
            var joined => joined,
        };

    /// <summary>All the text a search for this person should match: names in every script and aliases.</summary>
    public IEnumerable<string> SearchableNames() => Names.Select(n => n.Text).Concat(Aliases);
}
