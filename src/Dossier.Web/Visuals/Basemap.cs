using System.Text.Json;

namespace Dossier.Web.Visuals;

/// <summary>One country outline: its name and rings of (longitude, latitude) points.</summary>
internal sealed record Country(string Id, string Name, IReadOnlyList<(double Lon, double Lat)[]> Rings)
{
    public (double MinLon, double MinLat, double MaxLon, double MaxLat) Bounds { get; } = (
        Rings.SelectMany(r => r).Min(p => p.Lon), Rings.SelectMany(r => r).Min(p => p.Lat),
        Rings.SelectMany(r => r).Max(p => p.Lon), Rings.SelectMany(r => r).Max(p => p.Lat));

    /// <summary>Even-odd test over every ring (holes included), enough for "is this city in this country".</summary>
    public bool Contains(double lon, double lat)
    {
        var inside = false;
        foreach (var ring in Rings)
        {
            for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
            {
                var (xi, yi) = ring[i];
                var (xj, yj) = ring[j];
                if ((yi > lat) != (yj > lat) && lon < ((xj - xi) * (lat - yi) / (yj - yi)) + xi)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }
}

/// <summary>
/// Country outlines shipped inside the assembly: Natural Earth 1:110m (public domain) as TopoJSON from
/// the world-atlas package (ISC), decoded once. Nothing is fetched; see docs/adr/0702.
/// </summary>
internal static class Basemap
{
    public const string ResourceName = "Dossier.Web.Assets.countries-110m.json";

    private static readonly Lazy<IReadOnlyList<Country>> Loaded = new(() =>
    {
        using var stream = typeof(Basemap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The basemap resource {ResourceName} is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        return Decode(document.RootElement);
    });

    public static IReadOnlyList<Country> Countries => Loaded.Value;

    /// <summary>
    /// Decodes a TopoJSON topology's "countries" object: arcs are quantised and delta-encoded; a ring
    /// lists arc indexes, a negative index ~i meaning arc i reversed; consecutive arcs share an end point.
    /// </summary>
    public static IReadOnlyList<Country> Decode(JsonElement topology)
    {
        var transform = topology.GetProperty("transform");
        var scale = transform.GetProperty("scale");
        var translate = transform.GetProperty("translate");
        var (sx, sy) = (scale[0].GetDouble(), scale[1].GetDouble());
        var (tx, ty) = (translate[0].GetDouble(), translate[1].GetDouble());
        var arcs = new List<(double, double)[]>();
        foreach (var arc in topology.GetProperty("arcs").EnumerateArray())
        {
            var points = new (double, double)[arc.GetArrayLength()];
            long x = 0, y = 0;
            var k = 0;
            foreach (var position in arc.EnumerateArray())
            {
                x += position[0].GetInt64();
                y += position[1].GetInt64();
                points[k++] = ((x * sx) + tx, (y * sy) + ty);
            }

            arcs.Add(points);
        }

        var countries = new List<Country>();
        foreach (var geometry in topology.GetProperty("objects").GetProperty("countries").GetProperty("geometries").EnumerateArray())
        {
            var type = geometry.GetProperty("type").GetString();
            var polygons = type switch
            {
                "Polygon" => [geometry.GetProperty("arcs")],
                "MultiPolygon" => geometry.GetProperty("arcs").EnumerateArray().ToList(),
                _ => new List<JsonElement>(),
            };
            var rings = new List<(double, double)[]>();
            foreach (var polygon in polygons)
            {
                foreach (var ring in polygon.EnumerateArray())
                {
                    var points = new List<(double, double)>();
                    foreach (var index in ring.EnumerateArray().Select(i => i.GetInt32()))
                    {
                        var arc = index >= 0 ? arcs[index] : [.. arcs[~index].Reverse()];
                        points.AddRange(points.Count == 0 ? arc : arc.Skip(1));
                    }

                    rings.Add([.. points]);
                }
            }

            if (rings.Count > 0)
            {
                var name = geometry.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
                var id = geometry.TryGetProperty("id", out var idElement) ? idElement.ToString() : name;
                countries.Add(new Country(id, name, rings));
            }
        }

        return countries;
    }
}
