using System.Globalization;
using System.Text;

namespace Dossier.Web.Visuals;

/// <summary>A place with coordinates, and the events recorded there.</summary>
/// <param name="Victims">Distinct victims of the acts at the place or at its events, as the reader may see them.</param>
/// <param name="Evidence">Evidence items linked to the place or its events that the reader may see.</param>
/// <param name="Counts">Those counts in the reader's words, for the mark's tooltip; empty when both are zero.</param>
internal sealed record MapPlace(string Id, string Label, double Longitude, double Latitude, IReadOnlyList<(string Id, string Label)> Events,
    int Victims = 0, int Evidence = 0, string Counts = "");

/// <summary>Where an evidence item's own metadata says it was made (GPS), linked to the item.</summary>
internal sealed record MapPoint(string Hash, string Label, double Longitude, double Latitude);

/// <summary>The part of the world shown, in degrees; zooming and panning make new views.</summary>
internal sealed record MapView(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public static readonly MapView Iran = new(43.5, 24.5, 63.8, 40.0);
    public static readonly MapView Europe = new(-12, 34, 45, 66);
    public static readonly MapView World = new(-180, -60, 180, 84);

    public double CenterLon => (MinLon + MaxLon) / 2;

    public double CenterLat => (MinLat + MaxLat) / 2;

    public static bool TryParse(string? text, out MapView view)
    {
        view = Iran;
        var parts = text?.Split(',') ?? [];
        if (parts.Length != 4)
        {
            return false;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        if (values[2] - values[0] < 0.05 || values[3] - values[1] < 0.05)
        {
            return false;
        }

        view = new MapView(Math.Max(-180, values[0]), Math.Max(-85, values[1]), Math.Min(180, values[2]), Math.Min(85, values[3])).Clamp();
        return true;
    }

    /// <summary>A view that shows every point with a margin (or Iran when there are none).</summary>
    public static MapView Around(IEnumerable<(double Lon, double Lat)> points)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return Iran;
        }

        var (minLon, maxLon) = (list.Min(p => p.Lon), list.Max(p => p.Lon));
        var (minLat, maxLat) = (list.Min(p => p.Lat), list.Max(p => p.Lat));
        var margin = Math.Max(1.5, Math.Max(maxLon - minLon, maxLat - minLat) * 0.12);
        return new MapView(minLon - margin, minLat - margin, maxLon + margin, maxLat + margin).Clamp();
    }

    public MapView Zoom(double factor)
    {
        var halfLon = Math.Clamp((MaxLon - MinLon) / 2 / factor, 0.1, 180);
        var halfLat = Math.Clamp((MaxLat - MinLat) / 2 / factor, 0.1, 72);
        return new MapView(CenterLon - halfLon, CenterLat - halfLat, CenterLon + halfLon, CenterLat + halfLat).Clamp();
    }

    /// <summary>Moves by a fraction of the view's width (east positive) and height (north positive).</summary>
    public MapView Pan(double east, double north)
    {
        var dLon = (MaxLon - MinLon) * east;
        var dLat = (MaxLat - MinLat) * north;
        return new MapView(MinLon + dLon, MinLat + dLat, MaxLon + dLon, MaxLat + dLat).Clamp();
    }

    /// <summary>Keeps the view on the map: shifted back inside ±180° and ±85°, never larger than the world.</summary>
    public MapView Clamp()
    {
        var width = Math.Min(MaxLon - MinLon, 360);
        var height = Math.Min(MaxLat - MinLat, 170);
        var minLon = Math.Clamp(MinLon, -180, 180 - width);
        var minLat = Math.Clamp(MinLat, -85, 85 - height);
        return new MapView(minLon, minLat, Math.Min(180, minLon + width), Math.Min(85, minLat + height));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(MinLon, 2)},{Math.Round(MinLat, 2)},{Math.Round(MaxLon, 2)},{Math.Round(MaxLat, 2)}");
}

/// <summary>The drawn map and the places it could not show in this view.</summary>
internal sealed record MapModel(string Svg, MapView View, IReadOnlyList<MapPlace> Outside);

/// <summary>
/// A map as server-side SVG: shipped country outlines in an equirectangular projection scaled by the
/// cosine of the view's middle latitude (true shape near the centre, which is what a region map needs),
/// places as labelled dots and their events as diamonds around them, every mark a link to its record.
/// </summary>
internal static class MapChart
{
    public const double Width = 960;

    public static MapModel Build(IReadOnlyList<MapPlace> places, MapView view, IReadOnlySet<string> highlightedCountries, string title) =>
        Build(places, [], view, highlightedCountries, title);

    public static MapModel Build(IReadOnlyList<MapPlace> places, IReadOnlyList<MapPoint> evidence, MapView view, IReadOnlySet<string> highlightedCountries, string title)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(highlightedCountries);
        var cos = Math.Cos(view.CenterLat * Math.PI / 180);
        var lonSpan = view.MaxLon - view.MinLon;
        var latSpan = view.MaxLat - view.MinLat;
        // Keep the picture between 3:8 and 3:4 by widening the view in the short direction.
        var height = Width * latSpan / (lonSpan * cos);
        if (height > 720)
        {
            lonSpan = latSpan * Width / (720 * cos);
            height = 720;
        }
        else if (height < 360)
        {
            latSpan = 360 * lonSpan * cos / Width;
            height = 360;
        }

        var minLon = view.CenterLon - (lonSpan / 2);
        var maxLat = view.CenterLat + (latSpan / 2);
        var k = Width / lonSpan;
        double X(double lon) => (lon - minLon) * k;
        double Y(double lat) => (maxLat - lat) * k / cos;
        var shown = new MapView(minLon, maxLat - latSpan, minLon + lonSpan, maxLat);

        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart map\" role=\"group\" aria-labelledby=\"map-title\" viewBox=\"0 0 ")
            .Append(Svg.N(Width)).Append(' ').Append(Svg.N(height)).Append("\" direction=\"ltr\">")
            .Append("<title id=\"map-title\">").Append(Svg.Escape(title)).Append("</title>")
            .Append("<defs><clipPath id=\"map-clip\"><rect width=\"").Append(Svg.N(Width)).Append("\" height=\"").Append(Svg.N(height)).Append("\"/></clipPath></defs>")
            .Append("<rect class=\"sea\" width=\"").Append(Svg.N(Width)).Append("\" height=\"").Append(Svg.N(height)).Append("\"/>")
            .Append("<g class=\"countries\" clip-path=\"url(#map-clip)\" aria-hidden=\"true\">");
        foreach (var country in Basemap.Countries)
        {
            var b = country.Bounds;
            if (b.MaxLon < shown.MinLon - 1 || b.MinLon > shown.MaxLon + 1 || b.MaxLat < shown.MinLat - 1 || b.MinLat > shown.MaxLat + 1)
            {
                continue;
            }

            svg.Append("<path class=\"").Append(highlightedCountries.Contains(country.Name) ? "country case" : "country").Append("\" d=\"");
            foreach (var ring in country.Rings)
            {
                double lastX = double.NaN, lastY = double.NaN;
                for (var i = 0; i < ring.Length; i++)
                {
                    var (px, py) = (X(ring[i].Lon), Y(ring[i].Lat));
                    // Points closer than a pixel to the last one add bytes, not shape.
                    if (i > 0 && i < ring.Length - 1 && Math.Abs(px - lastX) < 0.8 && Math.Abs(py - lastY) < 0.8)
                    {
                        continue;
                    }

                    svg.Append(i == 0 ? 'M' : 'L').Append(Svg.N(px)).Append(',').Append(Svg.N(py));
                    (lastX, lastY) = (px, py);
                }

                svg.Append('Z');
            }

            svg.Append("\"/>");
        }

        svg.Append("</g>");

        var outside = new List<MapPlace>();
        var taken = new List<(double X1, double Y1, double X2, double Y2)>();
        var inside = places.Where(p => p.Longitude >= shown.MinLon && p.Longitude <= shown.MaxLon && p.Latitude >= shown.MinLat && p.Latitude <= shown.MaxLat)
            .OrderByDescending(p => p.Events.Count).ThenByDescending(p => p.Latitude).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        outside.AddRange(places.Except(inside));
        foreach (var place in inside)
        {
            taken.Add((X(place.Longitude) - 6, Y(place.Latitude) - 6, X(place.Longitude) + 6, Y(place.Latitude) + 6));
        }

        svg.Append("<g class=\"marks\">");
        foreach (var place in inside)
        {
            var (px, py) = (X(place.Longitude), Y(place.Latitude));
            for (var e = 0; e < place.Events.Count; e++)
            {
                // Events sit on a small arc above their place, each its own link.
                var angle = (-90 + ((e - ((place.Events.Count - 1) / 2.0)) * 28)) * Math.PI / 180;
                var (ex, ey) = (px + (13 * Math.Cos(angle)), py + (13 * Math.Sin(angle)));
                var (id, label) = place.Events[e];
                svg.Append("<a href=\"/records/").Append(Svg.Escape(Uri.EscapeDataString(id))).Append("\" aria-label=\"").Append(Svg.Escape(label)).Append("\">")
                    .Append("<title>").Append(Svg.Escape(label)).Append("</title>")
                    .Append("<path class=\"event-mark\" d=\"M").Append(Svg.N(ex)).Append(',').Append(Svg.N(ey - 5)).Append("l5,5l-5,5l-5,-5z\"/></a>");
            }

            var labelText = place.Label;
            var width = Svg.TextWidth(labelText);
            // First free spot among right, left, below and above the dot.
            (double X, double Y, bool Right)[] spots =
                [(px + 8, py + 4, true), (px - 8, py + 4, false), (px + 6, py + 18, true), (px + 6, py - 22, true), (px - 6, py + 18, false)];
            var chosen = spots[0];
            foreach (var spot in spots)
            {
                var box = spot.Right ? (spot.X, spot.Y - 11, spot.X + width, spot.Y + 3) : (spot.X - width, spot.Y - 11, spot.X, spot.Y + 3);
                if (box.Item1 >= 0 && box.Item3 <= Width && !taken.Any(t => t.X1 < box.Item3 && box.Item1 < t.X2 && t.Y1 < box.Item4 && box.Item2 < t.Y2))
                {
                    chosen = spot;
                    taken.Add(box);
                    break;
                }
            }

            var summary = (place.Events.Count == 0 ? labelText : $"{labelText} ({string.Join("; ", place.Events.Select(e => e.Label))})")
                + (place.Counts.Length > 0 ? " — " + place.Counts : string.Empty);
            // The dot grows with the victims documented there (by area), so a prison of hundreds is seen at a glance.
            var radius = 4.5 + Math.Min(14, 1.6 * Math.Sqrt(place.Victims));
            svg.Append("<a href=\"/records/").Append(Svg.Escape(Uri.EscapeDataString(place.Id))).Append("\" aria-label=\"").Append(Svg.Escape(labelText)).Append("\">")
                .Append("<title>").Append(Svg.Escape(summary)).Append("</title>")
                .Append("<circle class=\"place-mark\" cx=\"").Append(Svg.N(px)).Append("\" cy=\"").Append(Svg.N(py)).Append("\" r=\"").Append(Svg.N(radius)).Append("\"/>");
            Svg.Label(svg, chosen.X + (chosen.Right ? radius - 4.5 : 4.5 - radius), chosen.Y, labelText, "place-label", chosen.Right);
            svg.Append("</a>");
        }

        foreach (var point in evidence.Where(p => p.Longitude >= shown.MinLon && p.Longitude <= shown.MaxLon && p.Latitude >= shown.MinLat && p.Latitude <= shown.MaxLat))
        {
            var (ex, ey) = (X(point.Longitude), Y(point.Latitude));
            svg.Append("<a href=\"/evidence/").Append(Svg.Escape(Uri.EscapeDataString(point.Hash))).Append("\" aria-label=\"").Append(Svg.Escape(point.Label)).Append("\">")
                .Append("<title>").Append(Svg.Escape(point.Label)).Append("</title>")
                .Append("<rect class=\"evidence-mark\" x=\"").Append(Svg.N(ex - 4)).Append("\" y=\"").Append(Svg.N(ey - 4)).Append("\" width=\"8\" height=\"8\"/></a>");
        }

        svg.Append("</g></svg>");
        return new MapModel(svg.ToString(), shown, outside);
    }
}
