using System.Text;
using Dossier.Domain.Records;

namespace Dossier.Web.Visuals;

internal sealed record NetworkNode(string Id, RecordKind Kind, string Label, bool Synthetic);

/// <param name="Type">What the connection means, by <see cref="EdgeTypes.Of"/> ("held-post", "victim-of", …).</param>
internal sealed record NetworkEdge(string From, string To, string Role, string Type = EdgeTypes.Other);

/// <summary>
/// What a reference between two records means for a reader of the network: a position's person "held post", an act's
/// victim "victim of", a statement naming a person "testified about". Keys are stable (CSS classes, resource names
/// <c>edge.KEY</c>); the label reads from the referring record to the one it names.
/// </summary>
internal static class EdgeTypes
{
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } =
        ["held-post", "post-in", "victim-of", "perpetrator-in", "in-act", "accused-in", "counsel-in", "witness-in", "testified-about",
         "in-event", "part-of", "at", "about", "source", Other];

    public static string Of(RecordKind from, string role) => (from, role) switch
    {
        (RecordKind.Position, "person") => "held-post",
        (RecordKind.Position, "organization") => "post-in",
        (RecordKind.Act, "victim") => "victim-of",
        (_, "perpetrator") => "perpetrator-in",
        (_, "act") => "in-act",
        (_, "accused") => "accused-in",
        (_, "counsel") => "counsel-in",
        (_, "witness") or (_, "interviewer") or (_, "intermediary") or (_, "interview") => "witness-in",
        (_, "mentions-person") or (_, "allegation") => "testified-about",
        (_, "event") or (_, "mentions-event") or (_, "proceeding") => "in-event",
        (_, "parent") or (_, "part-of") or (_, "court") => "part-of",
        (_, "place") or (_, "venue") or (_, "case-place") or (_, "mentions-place") => "at",
        (_, "subject") or (_, "proof") => "about",
        (_, "source") or (_, "claim-source") => "source",
        _ => Other,
    };
}

/// <summary>
/// Who is connected to whom through the records: nodes and edges from record references, cut to a
/// centre and depth when asked, and laid out by a force simulation with a fixed seed.
/// </summary>
internal static class NetworkGraph
{
    /// <summary>Edges between the given nodes from their records' references (both ends must be nodes; one edge per pair and role).</summary>
    public static IReadOnlyList<NetworkEdge> EdgesAmong(IEnumerable<Record> records, IReadOnlySet<string> nodeIds)
    {
        var edges = new List<NetworkEdge>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var record in records)
        {
            foreach (var reference in record.References())
            {
                if (reference.TargetId != record.Id && nodeIds.Contains(reference.TargetId) && seen.Add((record.Id, reference.TargetId, reference.Role)))
                {
                    edges.Add(new NetworkEdge(record.Id, reference.TargetId, reference.Role, EdgeTypes.Of(record.Kind, reference.Role)));
                }
            }
        }

        return edges;
    }

    /// <summary>Node ids within <paramref name="depth"/> steps of <paramref name="centre"/>, ignoring edge direction.</summary>
    public static IReadOnlySet<string> Around(string centre, int depth, IReadOnlyList<NetworkEdge> edges)
    {
        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            (neighbours.TryGetValue(edge.From, out var a) ? a : neighbours[edge.From] = []).Add(edge.To);
            (neighbours.TryGetValue(edge.To, out var b) ? b : neighbours[edge.To] = []).Add(edge.From);
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { centre };
        var frontier = new List<string> { centre };
        for (var step = 0; step < depth && frontier.Count > 0; step++)
        {
            var next = new List<string>();
            foreach (var id in frontier)
            {
                foreach (var other in neighbours.GetValueOrDefault(id) ?? [])
                {
                    if (reached.Add(other))
                    {
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        return reached;
    }

    /// <summary>
    /// Fruchterman–Reingold in a unit square: nodes repel, edges pull, the step cools linearly. Start
    /// positions come from a Random with a fixed seed over the nodes sorted by id, so the same graph is
    /// always drawn the same way. O(n²) per iteration: meant for the few hundred nodes a page can show.
    /// </summary>
    public static IReadOnlyDictionary<string, (double X, double Y)> Layout(IReadOnlyList<NetworkNode> nodes, IReadOnlyList<NetworkEdge> edges, int seed = 1988, int iterations = 300)
    {
        var ordered = nodes.Select(n => n.Id).Order(StringComparer.Ordinal).ToArray();
        var index = ordered.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var n = ordered.Length;
        var x = new double[n];
        var y = new double[n];
        var random = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            x[i] = random.NextDouble();
            y[i] = random.NextDouble();
        }

        var links = edges.Where(e => index.ContainsKey(e.From) && index.ContainsKey(e.To))
            .Select(e => (index[e.From], index[e.To])).Distinct().Order().ToArray();
        var k = Math.Sqrt(1.0 / Math.Max(1, n));
        var dx = new double[n];
        var dy = new double[n];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var (ex, ey) = (x[i] - x[j], y[i] - y[j]);
                    var d2 = Math.Max(1e-6, (ex * ex) + (ey * ey));
                    var f = k * k / d2;
                    dx[i] += ex * f;
                    dy[i] += ey * f;
                    dx[j] -= ex * f;
                    dy[j] -= ey * f;
                }
            }

            foreach (var (a, b) in links)
            {
                var (ex, ey) = (x[a] - x[b], y[a] - y[b]);
                var d = Math.Sqrt(Math.Max(1e-9, (ex * ex) + (ey * ey)));
                var f = d / k;
                dx[a] -= ex * f;
                dy[a] -= ey * f;
                dx[b] += ex * f;
                dy[b] += ey * f;
            }

            var temperature = 0.1 * (1 - ((double)iteration / iterations)) + 0.002;
            for (var i = 0; i < n; i++)
            {
                // A weak pull to the middle keeps separate components on the page.
                dx[i] += (0.5 - x[i]) * 0.3;
                dy[i] += (0.5 - y[i]) * 0.3;
                var length = Math.Sqrt((dx[i] * dx[i]) + (dy[i] * dy[i]));
                if (length > 0)
                {
                    var move = Math.Min(length, temperature);
                    x[i] += dx[i] / length * move;
                    y[i] += dy[i] / length * move;
                }
            }
        }

        // Fit into the unit square.
        var (minX, maxX, minY, maxY) = n == 0 ? (0, 1, 0, 1) : (x.Min(), x.Max(), y.Min(), y.Max());
        var spanX = Math.Max(1e-9, maxX - minX);
        var spanY = Math.Max(1e-9, maxY - minY);
        var positions = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            positions[ordered[i]] = (n == 1 ? 0.5 : (x[i] - minX) / spanX, n == 1 ? 0.5 : (y[i] - minY) / spanY);
        }

        return positions;
    }
}

/// <summary>The network as server-side SVG: edges as lines titled by their role, nodes as linked, labelled shapes coloured by kind.</summary>
internal static class NetworkChart
{
    public const double Width = 960;

    /// <param name="edgeLabel">The reader's words for an edge type (its line's tooltip).</param>
    public static string Build(IReadOnlyList<NetworkNode> nodes, IReadOnlyList<NetworkEdge> edges, string? centre, string title, Func<string, string> edgeLabel)
    {
        ArgumentNullException.ThrowIfNull(edgeLabel);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var height = Math.Clamp(260 + (nodes.Count * 6), 360, 900);
        var layout = NetworkGraph.Layout(nodes, edges);
        const double margin = 40;
        double X(string id) => margin + 110 + (layout[id].X * (Width - (2 * margin) - 220));
        double Y(string id) => margin + (layout[id].Y * (height - (2 * margin)));

        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart network\" role=\"group\" aria-labelledby=\"network-title\" viewBox=\"0 0 ")
            .Append(Svg.N(Width)).Append(' ').Append(Svg.N(height)).Append("\" direction=\"ltr\">")
            .Append("<title id=\"network-title\">").Append(Svg.Escape(title)).Append("</title><g class=\"edges\" aria-hidden=\"true\">");
        foreach (var edge in edges)
        {
            if (!layout.ContainsKey(edge.From) || !layout.ContainsKey(edge.To))
            {
                continue;
            }

            svg.Append("<line class=\"edge type-").Append(Svg.Escape(edge.Type)).Append("\" x1=\"").Append(Svg.N(X(edge.From))).Append("\" y1=\"").Append(Svg.N(Y(edge.From)))
                .Append("\" x2=\"").Append(Svg.N(X(edge.To))).Append("\" y2=\"").Append(Svg.N(Y(edge.To))).Append("\"><title>").Append(Svg.Escape(edgeLabel(edge.Type))).Append("</title></line>");
        }

        svg.Append("</g><g class=\"nodes\">");
        foreach (var node in nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            var (nx, ny) = (X(node.Id), Y(node.Id));
            var kind = RecordKinds.Name(node.Kind);
            var css = "node " + kind + (node.Id == centre ? " centre" : string.Empty);
            // The link is named by its title (the full label); an aria-label would have to match the shortened visible text.
            svg.Append("<a href=\"/records/").Append(Svg.Escape(Uri.EscapeDataString(node.Id))).Append("\">")
                .Append("<title>").Append(Svg.Escape(node.Label)).Append("</title>");
            // Shape as well as colour tells the kinds apart.
            svg.Append(node.Kind switch
            {
                RecordKind.Organization => $"<rect class=\"{css}\" x=\"{Svg.N(nx - 7)}\" y=\"{Svg.N(ny - 7)}\" width=\"14\" height=\"14\"/>",
                RecordKind.Position => $"<path class=\"{css}\" d=\"M{Svg.N(nx)},{Svg.N(ny - 7)}l7,7l-7,7l-7,-7z\"/>",
                RecordKind.Event => $"<path class=\"{css}\" d=\"M{Svg.N(nx)},{Svg.N(ny - 8)}l8,14h-16z\"/>",
                _ => $"<circle class=\"{css}\" cx=\"{Svg.N(nx)}\" cy=\"{Svg.N(ny)}\" r=\"7\"/>",
            });
            var label = node.Label.Length > 40 ? node.Label[..39] + "…" : node.Label;
            Svg.Label(svg, nx + 10, ny + 4, label, "node-label");
            svg.Append("</a>");
        }

        svg.Append("</g></svg>");
        return svg.ToString();
    }
}
