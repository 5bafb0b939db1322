using Dossier.Domain.Records;

namespace Dossier.Application.Browse;

/// <summary>
/// The fields of each kind a browse table filters on: the ones with a small set of values (a type, a violation,
/// a grade), read from the record itself.
/// </summary>
public static class BrowseFields
{
    public static IReadOnlyList<string> For(RecordKind kind) => kind switch
    {
        RecordKind.Person => ["sex"],
        RecordKind.Organization or RecordKind.Place or RecordKind.Event or RecordKind.Ruling => ["type"],
        RecordKind.Act => ["violation"],
        RecordKind.Involvement => ["degree"],
        RecordKind.Source => ["type", "reliability"],
        RecordKind.Claim => ["property", "credibility"],
        _ => [],
    };

    /// <summary>The record's value of a filterable field as text, or null when it has none (or the kind has no such field).</summary>
    public static string? ValueOf(Record record, string field) => (record, field) switch
    {
        (Person p, "sex") => p.Sex.ToString().ToLowerInvariant(),
        (Organization o, "type") => o.Type,
        (Place p, "type") => p.Type,
        (Event e, "type") => e.Type,
        (Ruling r, "type") => r.Type,
        (Act a, "violation") => a.Violation,
        (Involvement i, "degree") => i.Degree,
        (Source s, "type") => s.Type,
        (Source s, "reliability") => s.Reliability.ToString(),
        (Claim c, "property") => c.Property,
        (Claim c, "credibility") => c.Credibility.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
