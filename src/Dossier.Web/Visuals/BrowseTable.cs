using System.Globalization;
using Dossier.Application.Browse;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Web.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Visuals;

/// <summary>One cell of a browse table: plain text, a date, a term from a vocabulary, or another record named by id.</summary>
internal sealed record BrowseCell(string? Text = null, FuzzyDate? Date = null, string? RecordId = null, bool Term = false)
{
    public static readonly BrowseCell Empty = new();
}

/// <summary>A column of a browse table: its heading (a resource key) and how to read its cell from a record.</summary>
internal sealed record BrowseColumn(string Heading, Func<Record, BrowseCell> Cell, BrowseSort? Sort = null);

/// <summary>
/// The columns of each kind's browse table (issue 18 §2), shared by the page and its CSV so both show the same view.
/// The first column is always the record itself (its label, linked).
/// </summary>
internal static class BrowseTable
{
    public static IReadOnlyList<BrowseColumn> ColumnsFor(RecordKind kind) => kind switch
    {
        RecordKind.Person =>
        [
            new("Other script", r => new(Text: OtherScriptName((Person)r))),
            new("Sex", r => ((Person)r).Sex == Sex.Unknown ? BrowseCell.Empty : new(Text: BrowseFields.ValueOf(r, "sex"), Term: true)),
            new("Born", r => new(Date: ((Person)r).Born), BrowseSort.Date),
            new("Died", r => new(Date: ((Person)r).Died)),
        ],
        RecordKind.Organization => [Term("Type", r => ((Organization)r).Type), Ref("Part of", r => ((Organization)r).ParentId), Ref("Place", r => ((Organization)r).PlaceId)],
        RecordKind.Place =>
        [
            Term("Type", r => ((Place)r).Type), Ref("Within", r => ((Place)r).ParentId),
            new("Coordinates", r => r is Place { Latitude: { } lat, Longitude: { } lon }
                ? new(Text: string.Create(CultureInfo.InvariantCulture, $"{lat:0.0000}, {lon:0.0000}")) : BrowseCell.Empty),
        ],
        RecordKind.Event => [Term("Type", r => ((Event)r).Type), new("Date", r => new(Date: ((Event)r).Date), BrowseSort.Date), Ref("Place", r => ((Event)r).PlaceId), Ref("Part of", r => ((Event)r).PartOfId)],
        RecordKind.Act => [Ref("Victim", r => ((Act)r).VictimId), Term("Violation", r => ((Act)r).Violation), new("Date", r => new(Date: ((Act)r).Date), BrowseSort.Date), Ref("Event", r => ((Act)r).EventId)],
        RecordKind.Involvement => [Ref("Act", r => ((Involvement)r).ActId), Ref("Perpetrator", r => ((Involvement)r).PerpetratorId), Term("Degree", r => ((Involvement)r).Degree)],
        RecordKind.Position => [Ref("Person", r => ((Position)r).PersonId), Text("Role", r => ((Position)r).Role), Ref("Organisation", r => ((Position)r).OrganizationId), new("From", r => new(Date: ((Position)r).From), BrowseSort.Date), new("To", r => new(Date: ((Position)r).To))],
        RecordKind.Source => [Term("Type", r => ((Source)r).Type), Text("Reliability", r => ((Source)r).Reliability.ToString()), new("Date", r => new(Date: ((Source)r).Date), BrowseSort.Date), Text("Author", r => ((Source)r).Author)],
        RecordKind.Claim => [Ref("Source", r => ((Claim)r).SourceId), new("Property", r => new(Text: ((Claim)r).Property, Term: true)), Text("Credibility", r => ((Claim)r).Credibility.ToString(CultureInfo.InvariantCulture))],
        RecordKind.Proceeding => [Ref("Court", r => ((Proceeding)r).CourtId), Text("Docket", r => ((Proceeding)r).Docket), new("Date", r => new(Date: ((Proceeding)r).Opened), BrowseSort.Date), Text("Outcome", r => ((Proceeding)r).Outcome)],
        RecordKind.Hearing => [Ref("Proceeding", r => ((Hearing)r).ProceedingId), new("Date", r => new(Date: ((Hearing)r).Date), BrowseSort.Date), Text("Venue", r => ((Hearing)r).Venue)],
        RecordKind.Ruling => [Ref("Proceeding", r => ((Ruling)r).ProceedingId), Term("Type", r => ((Ruling)r).Type), new("Date", r => new(Date: ((Ruling)r).Date), BrowseSort.Date), Text("Outcome", r => ((Ruling)r).Outcome)],
        _ => [],
    };

    /// <summary>The ids the page's cells name, so their labels can be read in one round trip.</summary>
    public static IEnumerable<string> References(IEnumerable<Record> records, IReadOnlyList<BrowseColumn> columns) =>
        records.SelectMany(r => columns.Select(c => c.Cell(r).RecordId)).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>
    /// A person's full name other than the one the row is titled by: the Persian name beside the Latin title, and in the
    /// Persian interface (where the title is the Persian name) the Latin one.
    /// </summary>
    private static string? OtherScriptName(Person person)
    {
        var label = Labels.In(person, Digits.Persian);
        return person.Names.FirstOrDefault(n => n.Kind == NameKind.Full && n.Text != label)?.Text;
    }

    private static BrowseColumn Text(string heading, Func<Record, string?> read) => new(heading, r => new(Text: read(r)));

    private static BrowseColumn Term(string heading, Func<Record, string?> read) => new(heading, r => new(Text: read(r), Term: true));

    private static BrowseColumn Ref(string heading, Func<Record, string?> read) => new(heading, r => new(RecordId: read(r)));
}

/// <summary>A browse table's view as the address gives it: the same parameters make the page and its CSV.</summary>
internal static class BrowseRequest
{
    public const int PageSize = 50;

    /// <summary>The kind-specific filters' parameter prefix: `f.type=prison`.</summary>
    public const string FieldPrefix = "f.";

    /// <summary>The query for this address; unreadable values are reported and left out, never a failure.</summary>
    public static BrowseQuery Parse(RecordKind kind, IQueryCollection query, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in BrowseFields.For(kind))
        {
            if (query[FieldPrefix + field].ToString() is { Length: > 0 } value)
            {
                fields[field] = value.Trim();
            }
        }

        return new BrowseQuery(kind)
        {
            Text = query["q"].ToString() is { Length: > 0 } text ? text : null,
            Classification = Classifications.TryParse(query["classification"].ToString(), out var c) ? c : null,
            Synthetic = SyntheticSwitch.IsShown(query),
            DateFrom = Date(query["from"].ToString(), "from", errors)?.Earliest,
            DateTo = Date(query["to"].ToString(), "to", errors)?.Latest,
            Fields = fields,
            Sort = query["sort"].ToString() switch { "created" => BrowseSort.Created, "updated" => BrowseSort.Updated, "date" => BrowseSort.Date, _ => BrowseSort.Label },
            Descending = query["dir"].ToString() == "desc",
            Offset = int.TryParse(query["offset"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? Math.Min(offset, 1_000_000_000) : 0,
            Limit = PageSize,
        };
    }

    /// <summary>The address of this view with some parameters changed (null removes one).</summary>
    public static string Link(string path, IQueryCollection query, params (string Name, string? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(query);
        var kept = query.Where(p => !changes.Any(c => c.Name == p.Key)).SelectMany(p => p.Value.Select(v => (p.Key, Value: v ?? string.Empty)))
            .Concat(changes.Where(c => c.Value is not null).Select(c => (Key: c.Name, Value: c.Value!)))
            .Where(p => p.Value.Length > 0)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).ToList();
        return kept.Count == 0 ? path : path + "?" + string.Join('&', kept);
    }

    private static FuzzyDate? Date(string text, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (FuzzyDate.TryParse(text, out var date, out var error))
        {
            return date;
        }

        errors.Add($"{name}: {error}");
        return null;
    }

    /// <summary>A cell as a spreadsheet wants it: the stored value, a date as written, another record by its id.</summary>
    public static string RawText(BrowseCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.RecordId ?? cell.Date?.ToString() ?? cell.Text ?? string.Empty;
    }

    /// <summary>A cell as text for a person to read: a term in the reader's language, a date as written, a record by its label.</summary>
    public static string CellText(BrowseCell cell, IStringLocalizer<Strings> localizer, IReadOnlyDictionary<string, Application.Workspace.RecordEnvelope> named)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(named);
        if (cell.RecordId is { } id)
        {
            return named.TryGetValue(id, out var found) ? found.Record.Label + (found.Record.Synthetic ? " [SYNTHETIC]" : string.Empty) : id;
        }

        if (cell.Date is { } date)
        {
            return date.ToString();
        }

        return cell.Term ? Terms.Value(localizer, cell.Text) : cell.Text ?? string.Empty;
    }
}
