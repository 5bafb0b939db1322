using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Web.Components;
using static Dossier.Web.Reports.ReportHtml;

namespace Dossier.Web.Reports;

/// <summary>One evidence item that bears on the person, a claim about them or a post they held, as the reader may see it.</summary>
public sealed record PersonFileEvidence(string Hash, string Name, string MediaType, long Size, string CollectedAt, string Relation, string About, string? Where, string Why);

/// <summary>
/// A person's file (issue 18 §9): the record with its names in every script, the claims about the person side by side,
/// posts over time, acts and involvements, the victim lists they stand on, and the evidence with its hashes — everything
/// as the reader may see it, nothing else. Built from the ledger's projections only, so it depends on neither the
/// clock nor the request.
/// </summary>
public sealed record PersonFile(
    RecordView View,
    Person Person,
    IReadOnlyList<Position> Positions,
    IReadOnlyList<Act> ActsAgainst,
    IReadOnlyList<Involvement> Involvements,
    IReadOnlyList<(ListRow Row, VictimList? List)> ListRows,
    IReadOnlyList<PersonFileEvidence> Evidence)
{
    public string LabelOf(string? id) => id is null ? string.Empty : View.Related(id)?.Record.Label ?? id;
}

/// <summary>
/// The one way a person's file leaves the workspace (page, API, CLI): the role must be allowed to export, the file is
/// built for the reader and rendered (HTML, or PDF printed by Chromium), and its making is audited afterwards.
/// </summary>
public sealed class PersonFiles(IWorkspaceStore store, TimeProvider time)
{
    public async Task<ReportResult> MakeAsync(string personId, Principal by, ReportFormat format, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var audit = new AuditTrail(store, time);
        if (!AccessPolicy.Can(by.Role, Operation.Export))
        {
            await audit.DeniedAsync(by, nameof(Operation.Export), personId, cancellationToken);
            return new ReportResult(null, $"{Operation.Export} is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)", Refused: true);
        }

        var access = new RecordAccess(store, audit, by);
        var file = await BuildAsync(access, personId, cancellationToken);
        await access.FlushAsync("person file", cancellationToken);
        if (file is null)
        {
            return new ReportResult(null, $"No person record '{personId}'.");
        }

        var (content, problem) = await ChromiumPdf.InFormatAsync(PersonFileHtml.Render(file), format, cancellationToken);
        if (content is null)
        {
            return new ReportResult(null, problem);
        }

        await audit.ExportedAsync(by.Name, by.Role, "person file",
            $"{target}: {personId} as {format.ToString().ToLowerInvariant()}, {file.Evidence.Count} evidence item(s), sha256 {Convert.ToHexStringLower(SHA256.HashData(content))}",
            cancellationToken);
        return new ReportResult(content, null);
    }

    /// <summary>The file as this reader may see it; null when there is no such person for them.</summary>
    public async Task<PersonFile?> BuildAsync(RecordAccess access, string personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var view = await RecordView.LoadAsync(access, personId, cancellationToken);
        if (view?.Record is not Person person)
        {
            return null;
        }

        var rows = new List<(ListRow, VictimList?)>();
        if (access.CanRead(Classification.Internal))
        {
            var lists = (await store.Lists.ListsAsync(cancellationToken)).ToDictionary(l => l.ListId, StringComparer.Ordinal);
            rows.AddRange((await store.Lists.RowsOfPersonAsync(personId, cancellationToken)).Select(r => (r, lists.GetValueOrDefault(r.ListId))));
        }

        var positions = view.ReferencingOfKind<Position>().Where(p => p.PersonId == personId).OrderBy(p => p.From).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var acts = view.ReferencingOfKind<Act>().Where(a => a.VictimId == personId).OrderBy(a => a.Date).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var involvements = view.ReferencingOfKind<Involvement>().Where(i => i.PerpetratorId == personId).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var claims = view.ClaimGroups.SelectMany(g => g.Claims).ToList();
        var about = new List<(string Id, string Label)> { (person.Id, "the person") };
        about.AddRange(claims.Select(c => (c.Id, $"claim {c.Id}")));
        about.AddRange(positions.Select(p => (p.Id, $"post {p.Role}")));
        return new PersonFile(view, person, positions, acts, involvements, rows, await EvidenceAsync(access, about, cancellationToken));
    }

    // Evidence is internal working material (as on the pages): listed for readers of internal records, each item only
    // when the reader may see its classification.
    private async Task<IReadOnlyList<PersonFileEvidence>> EvidenceAsync(RecordAccess access, IReadOnlyList<(string Id, string Label)> about, CancellationToken cancellationToken)
    {
        var found = new List<PersonFileEvidence>();
        if (!access.CanRead(Classification.Internal))
        {
            return found;
        }

        foreach (var (id, label) in about)
        {
            foreach (var link in await store.EvidenceLinks.LinksToAsync(id, cancellationToken))
            {
                var item = await store.Evidence.GetItemAsync(link.Hash, cancellationToken);
                if (item is null || !access.CanRead(item.Classification))
                {
                    continue;
                }

                var collected = $"{item.Acquisition.CollectedAtUtc} ({item.Acquisition.CollectedAtZone})";
                var where = link.Locator.PageFrom is not null || link.Locator.TimeFrom is not null ? link.Locator.ToString() : null;
                found.Add(new PersonFileEvidence(item.Hash, item.OriginalName, item.MediaType, item.Size, collected,
                    EvidenceLinkService.Name(link.Relation), label, where, link.Reason));
            }
        }

        return found;
    }
}

/// <summary>Writes a <see cref="PersonFile"/> as one self-contained, printable HTML file (the styles and font of the case report).</summary>
public static class PersonFileHtml
{
    public static string Render(PersonFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var person = file.Person;
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"Dossier person file\">\n");
        html.Append("<title>").Append(E(person.Label)).Append(" — person file</title>\n<style>\n").Append(Style()).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<p class=\"banner\">").Append(E(Classifications.Name(person.Classification).ToUpperInvariant())).Append("</p>\n");
        html.Append("<h1>").Append(T(person.Label)).Append("</h1>\n");
        var persian = person.Names.FirstOrDefault(n => n.Kind == NameKind.Full && n.Script == "Arab");
        if (persian is not null)
        {
            html.Append("<p class=\"sub\" lang=\"fa\">").Append(T(persian.Text)).Append("</p>\n");
        }

        html.Append("<p class=\"sub\">Person file · <code>").Append(E(person.Id)).Append("</code> · record version ")
            .Append(N(file.View.Envelope.Version)).Append(", as of ledger entry #").Append(N(file.View.Envelope.UpdatedSequence));
        if (person.Synthetic)
        {
            html.Append(" · <strong class=\"synthetic\">SYNTHETIC</strong> (an invented person, not a real victim or witness)");
        }

        if (file.View.Envelope.Retracted)
        {
            html.Append(" · <strong>RETRACTED</strong>");
        }

        html.Append("</p>\n</header>\n");
        Identity(html, file);
        Claims(html, file);
        Posts(html, file);
        Acts(html, file);
        Lists(html, file);
        Evidence(html, file);
        Sources(html, file);
        html.Append("<p class=\"muted\">Made from the workspace's ledger for one reader's access: records above the reader's classification are left out. ")
            .Append("Every fact stands with its source; where sources disagree, their claims stand side by side.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Identity(StringBuilder html, PersonFile file)
    {
        var person = file.Person;
        html.Append("<section id=\"identity\">\n<h2>Names and life</h2>\n<table>\n<thead><tr><th>Name</th><th>Script</th><th>Part</th></tr></thead>\n<tbody>\n");
        foreach (var name in person.Names)
        {
            html.Append("<tr><td>").Append(T(name.Text)).Append("</td><td>").Append(E(name.Script)).Append("</td><td>")
                .Append(E(name.Kind.ToString().ToLowerInvariant())).Append("</td></tr>\n");
        }

        foreach (var alias in person.Aliases.Where(a => !person.Names.Any(n => n.Text == a)))
        {
            html.Append("<tr><td>").Append(T(alias)).Append("</td><td></td><td>alias</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<dl>\n");
        Row(html, "Born", E(Date(person.Born)));
        Row(html, "Died", E(Date(person.Died)));
        if (person.Sex != Sex.Unknown)
        {
            Row(html, "Sex", E(person.Sex.ToString().ToLowerInvariant()));
        }

        if (person.Description is { Length: > 0 } description)
        {
            Row(html, "Description", T(description));
        }

        if (person.Notes is { Length: > 0 } notes)
        {
            Row(html, "Notes", T(notes));
        }

        html.Append("</dl>\n</section>\n");
    }

    private static void Claims(StringBuilder html, PersonFile file)
    {
        var groups = file.View.ClaimGroups;
        if (!Opened(html, "claims", "Claims about this person", groups.Count == 0, "No claim about this person is recorded."))
        {
            return;
        }

        foreach (var group in groups)
        {
            html.Append("<table>\n<caption>").Append(E(group.Property.Length == 0 ? "Other claims" : Visuals.Terms.Words(group.Property)))
                .Append(group.Competing ? " — competing claims, side by side" : string.Empty).Append("</caption>\n")
                .Append("<thead><tr><th>Claim</th><th>Figure</th><th>Source</th><th>Grade</th><th>Credibility</th><th>Where</th></tr></thead>\n<tbody>\n");
            foreach (var claim in group.Claims)
            {
                var source = file.View.Related<Source>(claim.SourceId);
                html.Append("<tr><td>").Append(T(claim.Statement)).Append(" <code>").Append(E(claim.Id)).Append("</code></td><td>")
                    .Append(claim.Quantity is { } q ? E(QuantityText.Format(q)) : string.Empty).Append("</td><td>").Append(T(file.LabelOf(claim.SourceId)))
                    .Append("</td><td>").Append(E(source?.Reliability.ToString() ?? "?")).Append("</td><td>").Append(N(claim.Credibility))
                    .Append("</td><td>").Append(T(claim.Locator ?? string.Empty)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("<p class=\"note\">Grades: source reliability A (completely reliable) to F (cannot be judged); information credibility 1 (confirmed) to 6 (cannot be judged).</p>\n</section>\n");
    }

    private static void Posts(StringBuilder html, PersonFile file)
    {
        if (!Opened(html, "posts", "Posts held over time", file.Positions.Count == 0, "No post is recorded for this person."))
        {
            return;
        }

        html.Append("<table>\n<thead><tr><th>Post</th><th>Organisation</th><th>Place</th><th>From</th><th>To</th><th>Sources</th></tr></thead>\n<tbody>\n");
        foreach (var post in file.Positions)
        {
            html.Append("<tr><td>").Append(T(post.Role)).Append("</td><td>").Append(T(file.LabelOf(post.OrganizationId))).Append("</td><td>")
                .Append(T(file.LabelOf(post.PlaceId))).Append("</td><td>").Append(E(Date(post.From))).Append("</td><td>").Append(E(Date(post.To)))
                .Append("</td><td>").Append(T(string.Join(", ", post.Sources.Select(file.LabelOf)))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Acts(StringBuilder html, PersonFile file)
    {
        if (file.ActsAgainst.Count == 0 && file.Involvements.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"acts\">\n<h2>Acts</h2>\n<table>\n<thead><tr><th>As</th><th>Act</th><th>Event</th><th>Date</th><th>Sources</th></tr></thead>\n<tbody>\n");
        foreach (var act in file.ActsAgainst)
        {
            html.Append("<tr><td>victim</td><td>").Append(T(act.Violation)).Append("</td><td>").Append(T(file.LabelOf(act.EventId))).Append("</td><td>")
                .Append(E(Date(act.Date))).Append("</td><td>").Append(T(string.Join(", ", act.Sources.Select(file.LabelOf)))).Append("</td></tr>\n");
        }

        foreach (var involvement in file.Involvements)
        {
            var act = file.View.Related<Act>(involvement.ActId);
            html.Append("<tr><td>").Append(E(involvement.Degree)).Append("</td><td>").Append(T(act?.Violation ?? involvement.ActId)).Append("</td><td>")
                .Append(T(file.LabelOf(act?.EventId))).Append("</td><td>").Append(E(Date(act?.Date))).Append("</td><td>")
                .Append(T(string.Join(", ", involvement.Sources.Select(file.LabelOf)))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Lists(StringBuilder html, PersonFile file)
    {
        if (file.ListRows.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"lists\">\n<h2>On victim lists</h2>\n<table>\n<thead><tr><th>List</th><th>Row</th><th>Line</th><th>As written on the list</th></tr></thead>\n<tbody>\n");
        foreach (var (row, list) in file.ListRows)
        {
            var values = string.Join("; ", row.Values.Where(v => v.Value.Trim().Length > 0).Select(v => $"{v.Key}: {v.Value.Trim()}"));
            html.Append("<tr><td>").Append(T(list?.Name ?? row.ListId)).Append(row.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC</strong>" : string.Empty)
                .Append("</td><td><code>").Append(E(row.RowId)).Append("</code></td><td>").Append(N(row.Line)).Append("</td><td>").Append(T(values)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Evidence(StringBuilder html, PersonFile file)
    {
        if (!Opened(html, "evidence", "Evidence", file.Evidence.Count == 0, "No evidence item that this reader may see is linked to this person, their claims or their posts."))
        {
            return;
        }

        html.Append("<table>\n<thead><tr><th>Item</th><th>SHA-256</th><th>Collected</th><th>Bears on</th><th>How</th><th>Where</th><th>Why</th></tr></thead>\n<tbody>\n");
        foreach (var item in file.Evidence)
        {
            html.Append("<tr><td>").Append(T(item.Name)).Append("<br><span class=\"muted\">").Append(E(item.MediaType)).Append(", ").Append(N(item.Size)).Append(" bytes</span></td><td><code class=\"hash\">")
                .Append(E(item.Hash)).Append("</code></td><td>").Append(E(item.CollectedAt)).Append("</td><td>").Append(T(item.About)).Append("</td><td>")
                .Append(E(item.Relation)).Append("</td><td>").Append(E(item.Where ?? "the whole item")).Append("</td><td>").Append(T(item.Why)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n<p class=\"note\">Check an item with <code>sha256sum</code> on the file, or <code>dossier evidence verify HASH</code> in the workspace.</p>\n</section>\n");
    }

    private static void Sources(StringBuilder html, PersonFile file)
    {
        var sources = file.Person.Sources;
        if (!Opened(html, "sources", "Sources of this record", sources.Count == 0, "The record names no source."))
        {
            return;
        }

        html.Append("<ul>\n");
        foreach (var id in sources)
        {
            var source = file.View.Related<Source>(id);
            html.Append("<li>").Append(T(file.LabelOf(id))).Append(" <code>").Append(E(id)).Append("</code>")
                .Append(source is null ? string.Empty : $" — grade {E(source.Reliability.ToString())}; {T(source.Provenance ?? string.Empty)}").Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    // As written, with the Gregorian days beside a day the source wrote in Solar Hijri.
    private static string Date(FuzzyDate? date) => date is not { } d ? "—" : d.ToGregorianString() is var g && g != d.ToString() ? $"{d} ({g})" : d.ToString();
}
