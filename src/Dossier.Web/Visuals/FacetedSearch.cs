using System.Globalization;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Web.Visuals;

/// <summary>One value of a facet with how many results carry it, and whether it is the chosen filter.</summary>
internal sealed record FacetValue(string Value, int Count, bool Active);

/// <summary>A result: its label and its other names that matched (in other scripts, aliases), marked word by word.</summary>
internal sealed record FacetedHit(RecordEnvelope Envelope, IReadOnlyList<TextPiece> Label, IReadOnlyList<IReadOnlyList<TextPiece>> Matches);

internal sealed record FacetedResult(
    IReadOnlyList<FacetedHit> Hits,
    int Total,
    bool Capped,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    IReadOnlyDictionary<string, RecordEnvelope> Labels);

/// <summary>
/// Search with facets (record type, classification, year, place, source): the store's best matches for
/// the words are loaded once, and each facet's counts are taken over the matches that pass every other
/// chosen filter, so the counts say what a click would give. Counts cover the best
/// <see cref="Candidates"/> matches; the page says so when there were more.
/// </summary>
internal static class FacetedSearch
{
    public const int Candidates = 200;
    public const string Kind = "kind";
    public const string ClassificationFacet = "classification";
    public const string Year = "year";
    public const string Place = "place";
    public const string SourceFacet = "source";

    // access: Operation read of each record's classification — the lead filters candidates by AccessPolicy.CanRead when wiring accounts.
    public static async Task<FacetedResult> RunAsync(IRecordStore store, SearchQuery query, int show, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var words = QueryWord.Parse(query.Text);
        var hits = await store.SearchAsync(new SearchQuery(query.Text, null, Candidates), cancellationToken);
        var records = await store.GetManyAsync([.. hits.Select(h => h.Id)], cancellationToken);
        var candidates = hits.Where(h => records.ContainsKey(h.Id)).Select(h => records[h.Id]).ToList();

        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal)
        {
            [Kind] = Count(candidates.Where(e => SearchFacets.Matches(e.Record, query with { Kind = null })).Select(e => new[] { RecordKinds.Name(e.Kind) }),
                query.Kind is { } k ? RecordKinds.Name(k) : null),
            [ClassificationFacet] = Count(candidates.Where(e => SearchFacets.Matches(e.Record, query with { Classification = null })).Select(e => new[] { ClassificationName(e.Record.Classification) }),
                query.Classification is { } c ? ClassificationName(c) : null),
            [Year] = Count(candidates.Where(e => SearchFacets.Matches(e.Record, query with { DateFrom = null, DateTo = null })).Select(e => YearsOf(e.Record)),
                query.DateFrom is { } from && query.DateTo is { } to && from.Year == to.Year ? from.Year.ToString(CultureInfo.InvariantCulture) : null, byValue: true),
            [Place] = Count(candidates.Where(e => SearchFacets.Matches(e.Record, query with { PlaceId = null })).Select(e => SearchFacets.PlacesOf(e.Record)), query.PlaceId),
            [SourceFacet] = Count(candidates.Where(e => SearchFacets.Matches(e.Record, query with { SourceId = null })).Select(e => SearchFacets.SourcesOf(e.Record)), query.SourceId),
        };

        var matching = candidates.Where(e => SearchFacets.Matches(e.Record, query)).ToList();
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        var shown = matching.Take(show).Select(e => new FacetedHit(e, Highlighter.Mark(e.Record.Label, words, seen), [.. Highlighter.SearchableTexts(e.Record)
            .Where(t => t != e.Record.Label).Select(t => Highlighter.Mark(t, words, seen)).Where(Highlighter.AnyMatch)])).ToList();
        var labelIds = facets[Place].Concat(facets[SourceFacet]).Select(v => v.Value).ToList();
        var labels = await store.GetManyAsync(labelIds, cancellationToken);
        return new FacetedResult(shown, matching.Count, hits.Count >= Candidates, facets, labels);
    }

    public static string ClassificationName(Classification classification) => Classifications.Name(classification);

    public static bool TryParseClassification(string? text, out Classification classification)
    {
        foreach (var value in Enum.GetValues<Classification>())
        {
            if (ClassificationName(value) == text)
            {
                classification = value;
                return true;
            }
        }

        classification = default;
        return false;
    }

    /// <summary>Every year a record's date may fall in (a span counts in each of its years, up to 50).</summary>
    private static IEnumerable<string> YearsOf(Record record) => SearchFacets.DateOf(record) is { } date
        ? Enumerable.Range(date.Earliest.Year, Math.Min(50, date.Latest.Year - date.Earliest.Year + 1)).Select(y => y.ToString(CultureInfo.InvariantCulture))
        : [];

    private static List<FacetValue> Count(IEnumerable<IEnumerable<string>> valuesPerRecord, string? active, bool byValue = false)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var values in valuesPerRecord)
        {
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        var ordered = byValue
            ? counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal);
        var list = ordered.Take(byValue ? 40 : 10).Select(c => new FacetValue(c.Key, c.Value, c.Key == active)).ToList();
        if (active is not null && !list.Any(v => v.Active))
        {
            list.Insert(0, new FacetValue(active, counts.GetValueOrDefault(active), true));
        }

        return list;
    }
}
