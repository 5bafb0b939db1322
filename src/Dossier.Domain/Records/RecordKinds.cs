namespace Dossier.Domain.Records;

/// <summary>Stable names of record kinds, used in the ledger, the file format, URLs and the API. Never rename one.</summary>
public static class RecordKinds
{
    private static readonly Dictionary<RecordKind, (string Name, Type Type)> ByKind = new()
    {
        [RecordKind.Person] = ("person", typeof(Person)),
        [RecordKind.Organization] = ("organization", typeof(Organization)),
        [RecordKind.Place] = ("place", typeof(Place)),
        [RecordKind.Position] = ("position", typeof(Position)),
        [RecordKind.Event] = ("event", typeof(Event)),
        [RecordKind.Act] = ("act", typeof(Act)),
        [RecordKind.Involvement] = ("involvement", typeof(Involvement)),
        [RecordKind.Source] = ("source", typeof(Source)),
        [RecordKind.Claim] = ("claim", typeof(Claim)),
        [RecordKind.Proceeding] = ("proceeding", typeof(Proceeding)),
        [RecordKind.Hearing] = ("hearing", typeof(Hearing)),
        [RecordKind.Ruling] = ("ruling", typeof(Ruling)),
        [RecordKind.Interview] = ("interview", typeof(Interview)),
        [RecordKind.Statement] = ("statement", typeof(Statement)),
        [RecordKind.Allegation] = ("allegation", typeof(Allegation)),
        [RecordKind.Case] = ("case", typeof(CaseFile)),
    };

    private static readonly Dictionary<string, RecordKind> ByName =
        ByKind.ToDictionary(p => p.Value.Name, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<RecordKind> All => ByKind.Keys;

    public static string Name(RecordKind kind) => ByKind[kind].Name;

    public static Type ClrType(RecordKind kind) => ByKind[kind].Type;

    public static bool TryParse(string? name, out RecordKind kind) => ByName.TryGetValue(name ?? string.Empty, out kind);
}
