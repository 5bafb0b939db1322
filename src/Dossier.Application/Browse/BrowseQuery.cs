using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Browse;

/// <summary>What a browse table is ordered by: the label, when the record entered the ledger or was last changed, or its date.</summary>
public enum BrowseSort
{
    Label,
    Created,
    Updated,
    Date,
}

/// <summary>
/// One page of a browse table (ADR 1802): the live records of one kind (or of every kind) the reader may see, filtered, sorted and paged.
/// Synthetic records are left out unless <see cref="Synthetic"/> asks for them; the page then says how many were left out.
/// </summary>
public sealed record BrowseQuery(RecordKind? Kind)
{
    /// <summary>The most sensitive classification the reader may see (the reader's store lowers it to the reader's own).</summary>
    public Classification Ceiling { get; init; } = Dossier.Domain.Records.Classification.ProtectedIdentity;

    /// <summary>Only records of this classification.</summary>
    public Classification? Classification { get; init; }

    /// <summary>Whether invented (SYNTHETIC) records are listed; when not, they are counted in <see cref="BrowsePage.SyntheticHidden"/>.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Only records whose label contains this text (ignoring case).</summary>
    public string? Text { get; init; }

    /// <summary>Only records whose date (see <see cref="SearchFacets.DateOf"/>) overlaps this range.</summary>
    public DateOnly? DateFrom { get; init; }

    public DateOnly? DateTo { get; init; }

    /// <summary>Kind-specific fields that must equal a value, ignoring case ("type" = "prison", "violation" = "killing").</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public BrowseSort Sort { get; init; } = BrowseSort.Label;

    public bool Descending { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 50;

    /// <summary>Whether the filter or the order needs the records' own fields (read from their JSON), not only the table's columns.</summary>
    public bool NeedsRecordFields => DateFrom is not null || DateTo is not null || Fields.Count > 0 || Sort == BrowseSort.Date;
}

/// <summary>A page of records, how many match in all, and how many synthetic records matched but were left out.</summary>
public sealed record BrowsePage(IReadOnlyList<RecordEnvelope> Records, int Total, int SyntheticHidden);

/// <summary>The filters and order on the records' own fields, applied in memory to the rows the columns let through.</summary>
public static class BrowseFilter
{
    /// <summary>At most this many rows are read to filter on record fields; a larger kind needs a narrower filter first.</summary>
    public const int MaxScan = 200_000;

    public static bool Matches(Record record, BrowseQuery query)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(query);
        if ((query.DateFrom is not null || query.DateTo is not null)
            && !SearchFacets.Matches(record, new SearchQuery(string.Empty) { DateFrom = query.DateFrom, DateTo = query.DateTo }))
        {
            return false;
        }

        return query.Fields.All(f => BrowseFields.ValueOf(record, f.Key) is { } value && string.Equals(value, f.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Orders records as the query asks; ties are broken by label and id so pages never overlap.</summary>
    public static IEnumerable<RecordEnvelope> Order(IEnumerable<RecordEnvelope> records, BrowseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IOrderedEnumerable<RecordEnvelope> ordered = query.Sort switch
        {
            BrowseSort.Created => By(records, e => e.CreatedSequence, query.Descending),
            BrowseSort.Updated => By(records, e => e.UpdatedSequence, query.Descending),
            // Undated records last either way.
            BrowseSort.Date => records.OrderBy(e => SearchFacets.DateOf(e.Record) is null ? 1 : 0)
                .ThenBy(e => query.Descending ? -(SearchFacets.DateOf(e.Record)?.Earliest.DayNumber ?? 0) : SearchFacets.DateOf(e.Record)?.Earliest.DayNumber ?? 0),
            _ => query.Descending ? records.OrderByDescending(e => e.Record.Label, StringComparer.Ordinal) : records.OrderBy(e => e.Record.Label, StringComparer.Ordinal),
        };
        return ordered.ThenBy(e => e.Record.Label, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal);
    }

    private static IOrderedEnumerable<RecordEnvelope> By(IEnumerable<RecordEnvelope> records, Func<RecordEnvelope, long> key, bool descending) =>
        descending ? records.OrderByDescending(key) : records.OrderBy(key);
}
