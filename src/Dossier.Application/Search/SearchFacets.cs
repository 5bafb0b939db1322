using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;

namespace Dossier.Application.Search;

/// <summary>
/// The facet values of a record for search (its date, places and sources), read from the record itself
/// so the store needs no extra columns, and the test of a record against a query's facet filters.
/// </summary>
public static class SearchFacets
{
    /// <summary>The date a record is placed at in time, if it has one.</summary>
    public static FuzzyDate? DateOf(Record record) => record switch
    {
        Event e => e.Date,
        Act a => a.Date,
        Hearing h => h.Date,
        Ruling r => r.Date,
        Source s => s.Date,
        Proceeding p => p.Opened,
        Position p => p.From ?? p.To,
        Person p => p.Born ?? p.Died,
        _ => null,
    };

    /// <summary>Places a record is at or refers to (a place is at itself).</summary>
    public static IEnumerable<string> PlacesOf(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record switch
        {
            Place p => [p.Id],
            Hearing h => h.VenuePlaceId is null ? [] : [h.VenuePlaceId],
            _ => record.References().Where(r => r.Role == "place").Select(r => r.TargetId).Distinct(StringComparer.Ordinal),
        };
    }

    /// <summary>Sources a record rests on; a claim's own source counts too.</summary>
    public static IEnumerable<string> SourcesOf(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record is Claim claim ? record.Sources.Append(claim.SourceId).Distinct(StringComparer.Ordinal) : record.Sources;
    }

    public static bool Matches(Record record, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Kind is { } kind && record.Kind != kind)
        {
            return false;
        }

        if (query.Classification is { } classification && record.Classification != classification)
        {
            return false;
        }

        if (query.DateFrom is not null || query.DateTo is not null)
        {
            // A fuzzy date is in the range when its span overlaps it; an undated record is not.
            if (DateOf(record) is not { } date
                || (query.DateFrom is { } from && date.Latest < from)
                || (query.DateTo is { } to && date.Earliest > to))
            {
                return false;
            }
        }

        if (query.PlaceId is { } place && !PlacesOf(record).Contains(place, StringComparer.Ordinal))
        {
            return false;
        }

        return query.SourceId is not { } source || SourcesOf(record).Contains(source, StringComparer.Ordinal);
    }
}
