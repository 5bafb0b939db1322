using System.Globalization;
using System.Text;
using Dossier.Application.Cases;
using Dossier.Domain.Records;
using Dossier.Text;
using Dossier.Web.Components;
using static Dossier.Web.Reports.ReportHtml;

namespace Dossier.Web.Reports;

/// <summary>
/// Writes a <see cref="CaseReport"/> as one self-contained HTML file (issue 15 §4; ADR 1502): styles and the font
/// inside it, nothing fetched, text in any script isolated so Persian runs keep their direction. Nothing in it depends
/// on the clock or on who asked: the same ledger state gives the same bytes, which is what lets a court compare two
/// copies by their hash. The same file is printed to PDF by <see cref="ChromiumPdf"/>.
/// </summary>
public static class CaseReportHtml
{
    public static string Render(CaseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        var caseFile = report.Case;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"generator\" content=\"Dossier case report\">\n");
        html.Append("<title>").Append(E(caseFile.Title)).Append(" — prosecutor's dossier</title>\n<style>\n").Append(Style()).Append("</style>\n</head>\n<body>\n");

        Header(html, report);
        Summary(html, report);
        Accused(html, report);
        Chronology(html, report);
        Matrix(html, report);
        Gaps(html, report);
        Witnesses(html, report);
        Exhibits(html, report);
        Disputed(html, report);
        Estimates(html, report);
        Verification(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, CaseReport report)
    {
        var caseFile = report.Case;
        html.Append("<header>\n<p class=\"banner\">").Append(E(Classifications.Name(caseFile.Classification).ToUpperInvariant()))
            .Append(report.Scope.Ceiling is { } ceiling ? $" — prepared for disclosure up to {E(Classifications.Name(ceiling))}" : string.Empty)
            .Append(report.Scope.Audience is { } audience ? $" to {E(audience)}" : string.Empty).Append("</p>\n");
        html.Append("<h1>").Append(T(caseFile.Title)).Append("</h1>\n");
        html.Append("<p class=\"sub\">Prosecutor's dossier · case <code>").Append(E(caseFile.Id)).Append("</code>");
        if (caseFile.Synthetic)
        {
            html.Append(" · <strong class=\"synthetic\">SYNTHETIC</strong> (parts of this case are invented for demonstration; no invented person is a real victim or witness)");
        }

        html.Append("</p>\n");
        html.Append("<p class=\"state\">").Append(report.Checkpoint is { } checkpoint
            ? $"Ledger state: the signed checkpoint of {N(checkpoint.Size)} entries, root <code>{checkpoint.RootHex}</code> (log {E(checkpoint.Origin)}). Every exhibit's entries are proved into that tree below."
            : "No signed checkpoint is kept in this workspace: the exhibits below carry no inclusion proofs. Keep one (`dossier checkpoint`) and make the report again.")
            .Append("</p>\n</header>\n");
    }

    private static void Summary(StringBuilder html, CaseReport report)
    {
        var view = report.View;
        var elements = view.Charges.SelectMany(c => c.Elements).ToList();
        html.Append("<section id=\"summary\">\n<h2>1. Summary</h2>\n<dl>\n");
        Row(html, "Accused", string.Join("; ", report.Accused.Select(a => T(a.Label))));
        Row(html, "Period", E(report.Case.Period?.ToString() ?? "not set"));
        Row(html, "Places", report.Places.Count == 0 ? "not set" : string.Join("; ", report.Places.Select(T)));
        Row(html, "Status", E(report.Case.Status ?? "not set"));
        Row(html, "Charges", string.Join("<br>", view.Charges.Select(c => $"{T(c.Crime.Title)} ({E(c.Crime.Cite)}) — {T(c.Mode.Title)} ({E(c.Mode.Cite)})")));
        Row(html, "Elements", $"{N(elements.Count)} in all; {N(elements.Count(e => e.Gaps.Count == 0))} proved without a gap; {N(view.Gaps.Count)} gap(s)");
        Row(html, "Witnesses cited", N(report.Witnesses.Count) + (report.Witnesses.Any(w => w.Protected) ? " (protected witnesses by pseudonym)" : string.Empty));
        Row(html, "Exhibits", N(report.Exhibits.Count));
        html.Append("</dl>\n");
        if (report.Case.Notes is { Length: > 0 } notes)
        {
            html.Append("<p class=\"note\">").Append(T(notes)).Append("</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Accused(StringBuilder html, CaseReport report)
    {
        html.Append("<section id=\"accused\">\n<h2>2. The accused</h2>\n");
        foreach (var accused in report.Accused)
        {
            html.Append("<h3>").Append(T(accused.Label)).Append(" <code>").Append(E(accused.Id)).Append("</code></h3>\n<dl>\n");
            if (accused.Names.Count > 0)
            {
                Row(html, "Names", string.Join("<br>", accused.Names.Select(n => $"{T(n.Text)} <span class=\"muted\">({E(n.Script)}, {E(n.Kind.ToString().ToLowerInvariant())})</span>")));
            }

            if (accused.Born is not null || accused.Died is not null)
            {
                Row(html, "Life", E($"{accused.Born ?? "?"} – {accused.Died ?? string.Empty}"));
            }

            if (accused.Description is { Length: > 0 } description)
            {
                Row(html, "Description", T(description));
            }

            html.Append("</dl>\n");
            if (accused.Posts.Count > 0)
            {
                html.Append("<table>\n<caption>Posts held over time (from the position records)</caption>\n<thead><tr><th>Post</th><th>Organisation</th><th>Place</th><th>From</th><th>To</th><th>Sources</th><th>In the case period</th></tr></thead>\n<tbody>\n");
                foreach (var post in accused.Posts)
                {
                    html.Append("<tr><td>").Append(T(post.Role)).Append("</td><td>").Append(T(post.Organization)).Append("</td><td>").Append(T(post.Place ?? string.Empty))
                        .Append("</td><td>").Append(E(post.From ?? "?")).Append("</td><td>").Append(E(post.To ?? "?")).Append("</td><td>").Append(T(post.Sources))
                        .Append("</td><td>").Append(post.InPeriod ? "yes" : "no").Append("</td></tr>\n");
                }

                html.Append("</tbody>\n</table>\n");
            }
        }

        html.Append("</section>\n");
    }

    private static void Chronology(StringBuilder html, CaseReport report)
    {
        if (!Opened(html, "chronology", "3. Chronology", report.Chronology.Count == 0, "No dated event, post or proceeding is cited."))
        {
            return;
        }

        html.Append("<table>\n<thead><tr><th>Date</th><th>Solar Hijri</th><th>What</th><th>Record</th></tr></thead>\n<tbody>\n");
        foreach (var item in report.Chronology)
        {
            html.Append("<tr><td>").Append(E(item.Date.ToGregorianString())).Append("</td><td>").Append(T(item.Date.ToSolarHijriString())).Append("</td><td>")
                .Append(E(item.Kind)).Append(": ").Append(T(item.Text)).Append(item.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC</strong>" : string.Empty)
                .Append("</td><td><code>").Append(E(item.Id)).Append("</code></td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Matrix(StringBuilder html, CaseReport report)
    {
        html.Append("<section id=\"matrix\">\n<h2>4. Proof, element by element</h2>\n");
        html.Append("<p class=\"note\">Each element of each charge, with what proves it and how strong that is: independent lines of testimony "
            + "(witnesses of one intermediary, or whose accounts are near-copies, count as one line), the grade of the sources (A best, F worst), "
            + "and whether a witness's consent allows disclosure.</p>\n");
        foreach (var charge in report.View.Charges)
        {
            html.Append("<h3>").Append(T(charge.Crime.Title)).Append(" — ").Append(T(charge.Mode.Title)).Append("</h3>\n");
            html.Append("<p class=\"muted\">").Append(E(charge.Crime.Cite)).Append("; ").Append(E(charge.Mode.Cite))
                .Append(charge.Charge.Note is { Length: > 0 } note ? " · " + T(note) : string.Empty).Append("</p>\n");
            html.Append("<table class=\"matrix\">\n<thead><tr><th>Element</th><th>Kind</th><th>Proof</th><th>Lines</th><th>Gaps</th></tr></thead>\n<tbody>\n");
            foreach (var element in charge.Elements)
            {
                html.Append("<tr").Append(element.Gaps.Count > 0 ? " class=\"gap\"" : string.Empty).Append("><td><code>").Append(E(element.Element.Id)).Append("</code><br>")
                    .Append(T(element.Element.Text)).Append("<br><span class=\"muted\">").Append(E(element.Element.Cite)).Append("</span></td><td>")
                    .Append(E(element.Part)).Append(" / ").Append(E(element.Element.Kind.ToString().ToLowerInvariant())).Append("</td><td>");
                if (element.Proof.Count == 0)
                {
                    html.Append('—');
                }
                else
                {
                    html.Append("<ul>");
                    foreach (var proof in element.Proof)
                    {
                        html.Append("<li>").Append(E(proof.Source.ToString().ToLowerInvariant())).Append(' ')
                            .Append(proof.Source == ProofSource.Evidence ? ExhibitLabel(report, proof.Target) : $"<code>{E(proof.Target)}</code>")
                            .Append(proof.Source is ProofSource.Statement or ProofSource.Evidence ? string.Empty : ": " + T(proof.Label))
                            .Append(proof.Automatic ? " (post in the period)" : string.Empty)
                            .Append(" — <em>").Append(E(proof.Strength)).Append("</em>")
                            .Append(proof.Note is { Length: > 0 } n ? " · " + T(n) : string.Empty).Append("</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("</td><td>").Append(N(element.Lines)).Append("</td><td>")
                    .Append(element.Gaps.Count == 0 ? "none" : string.Join("<br>", element.Gaps.Select(g => E(g.Name)))).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static string ExhibitLabel(CaseReport report, string hash) =>
        report.Exhibits.FirstOrDefault(x => x.Item.Hash == hash) is { } exhibit ? $"{exhibit.Label} <code>{E(hash[..12])}…</code>" : $"<code>{E(hash[..12])}…</code> (not in this report)";

    private static void Gaps(StringBuilder html, CaseReport report)
    {
        var gaps = report.View.Gaps;
        if (!Opened(html, "gaps", "5. Gaps, and what would close them", gaps.Count == 0, "No gap: every element has proof from two independent lines or more, from sources graded C or better, that may be disclosed."))
        {
            return;
        }

        html.Append("<ol>\n");
        foreach (var gap in gaps)
        {
            html.Append("<li><code>").Append(E(gap.Element.Id)).Append("</code> (").Append(E(gap.CrimeId)).Append(" / ").Append(E(gap.ModeId)).Append("): <strong>")
                .Append(E(gap.Name)).Append("</strong> — ").Append(T(gap.Close)).Append("</li>\n");
        }

        html.Append("</ol>\n</section>\n");
    }

    private static void Witnesses(StringBuilder html, CaseReport report)
    {
        if (!Opened(html, "witnesses", "6. Witnesses", report.Witnesses.Count == 0, "No statement is cited."))
        {
            return;
        }

        html.Append("<p class=\"note\">Protected witnesses appear by pseudonym only; their words are sealed under their own key and are not in this report.</p>\n");
        foreach (var witness in report.Witnesses)
        {
            html.Append("<h3>").Append(T(witness.Label)).Append(witness.Protected ? " <span class=\"muted\">(protected)</span>" : string.Empty)
                .Append(witness.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC</strong>" : string.Empty).Append("</h3>\n<ul>\n");
            foreach (var statement in witness.Statements)
            {
                html.Append("<li><code>").Append(E(statement.Id)).Append("</code> (interview <code>").Append(E(statement.InterviewId)).Append("</code>")
                    .Append(statement.Date is { } date ? ", " + E(date) : string.Empty).Append(statement.Language is { } language ? ", " + E(language) : string.Empty)
                    .Append("; cited for ").Append(string.Join(", ", statement.Elements.Select(e => $"<code>{E(e)}</code>"))).Append("): ");
                html.Append(statement.Text is { } text ? $"<blockquote dir=\"auto\">{T(text)}</blockquote>" : $"<em>withheld: {E(statement.Withheld ?? string.Empty)}</em>");
                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    private static void Exhibits(StringBuilder html, CaseReport report)
    {
        if (!Opened(html, "exhibits", "7. Exhibits", report.Exhibits.Count == 0, "No evidence item is cited or linked to the records that prove the case."))
        {
            return;
        }

        html.Append("<table class=\"exhibits\">\n<thead><tr><th>Exhibit</th><th>File</th><th>SHA-256</th><th>Acquired</th><th>Custody</th><th>Bears on</th></tr></thead>\n<tbody>\n");
        foreach (var exhibit in report.Exhibits)
        {
            var item = exhibit.Item;
            html.Append("<tr><td>").Append(exhibit.Label).Append("</td><td>").Append(T(item.OriginalName)).Append("<br><span class=\"muted\">")
                .Append(E(item.MediaType)).Append(", ").Append(N(item.Size)).Append(" bytes, ").Append(E(Classifications.Name(item.Classification))).Append("</span></td><td><code class=\"hash\">")
                .Append(E(item.Hash)).Append("</code></td><td>").Append(E(item.Acquisition.CollectedAtUtc)).Append(" (").Append(E(item.Acquisition.CollectedAtZone)).Append(")<br>by ")
                .Append(T(item.Acquisition.Collector)).Append(", ").Append(T(item.Acquisition.Method)).Append("</td><td>")
                .Append(exhibit.Entries.Count == 0 ? "not under the checkpoint" : string.Join("<br>", exhibit.Entries.Select(e =>
                    $"#{N(e.Sequence)} {E(e.Action)} {E(e.At)}{(e.To is { } to ? " → " + T(to) : string.Empty)}{(e.Authority is { } a ? " (" + T(a) + ")" : string.Empty)}")))
                .Append("</td><td>").Append(string.Join("<br>", exhibit.Proves.Select(T))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        html.Append("<h3>Inclusion proofs</h3>\n<p class=\"note\">For each ledger entry of each exhibit: its index in the log, the hash of its leaf "
            + "(SHA-256 of 0x00 and the entry's canonical bytes) and the audit path to the checkpoint's root (RFC 9162 §2.1.3). "
            + "A court bundle written at the same checkpoint carries the same entries and proofs, and `dossier verify` checks them.</p>\n");
        foreach (var exhibit in report.Exhibits)
        {
            if (!exhibit.UnderCheckpoint)
            {
                html.Append("<p>").Append(exhibit.Label).Append(": acquired after the checkpoint; keep a new checkpoint to prove it.</p>\n");
                continue;
            }

            foreach (var entry in exhibit.Entries)
            {
                html.Append("<p class=\"proof\">").Append(exhibit.Label).Append(" entry #").Append(N(entry.Sequence)).Append(" leaf <code>").Append(entry.LeafHex)
                    .Append("</code><br>path: ").Append(entry.Proof.Count == 0 ? "(the root itself)" : string.Join(" ", entry.Proof.Select(p => $"<code>{p}</code>"))).Append("</p>\n");
            }
        }

        html.Append("</section>\n");
    }

    private static void Disputed(StringBuilder html, CaseReport report)
    {
        if (!Opened(html, "disputed", "8. Disputed facts", report.Disputed.Count == 0, "No fact the case cites is disputed between sources in this workspace."))
        {
            return;
        }

        html.Append("<p class=\"note\">Where sources disagree, every claim stands side by side with its source and grade; none is chosen here.</p>\n");
        foreach (var fact in report.Disputed)
        {
            html.Append("<h3>").Append(T(fact.Subject)).Append(" — ").Append(E(fact.Property)).Append("</h3>\n<table>\n<thead><tr><th>Claim</th><th>Figure</th><th>Source</th><th>Grade</th><th>Credibility</th></tr></thead>\n<tbody>\n");
            foreach (var claim in fact.Claims)
            {
                html.Append("<tr><td>").Append(T(claim.Statement)).Append(claim.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC</strong>" : string.Empty)
                    .Append("</td><td>").Append(T(claim.Figure ?? "—")).Append("</td><td>").Append(T(claim.Source)).Append(" <code>").Append(E(claim.SourceId))
                    .Append("</code></td><td>").Append(E(claim.Grade ?? "—")).Append("</td><td>").Append(N(claim.Credibility)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void Estimates(StringBuilder html, CaseReport report)
    {
        if (!Opened(html, "estimates", "Appendix A. Estimates of the number of victims", report.Counts.Count == 0, "No estimate is recorded for the events this case cites."))
        {
            return;
        }

        foreach (var count in report.Counts)
        {
            var estimate = count.Estimate!;
            html.Append("<h3>").Append(T(count.Record.Record.Label)).Append(" <code>").Append(E(count.Record.Record.Id)).Append("</code>")
                .Append(estimate.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC lists</strong>" : string.Empty).Append("</h3>\n<dl>\n");
            if (count.Documented is { } documented)
            {
                Row(html, "Documented on the linked lists", $"{N(documented.People)} people on {N(documented.Lists.Count)} list(s) ({string.Join(", ", documented.Lists.Select(E))})"
                    + (documented.Median is { } median ? $"; with linkage uncertainty {F(median)} ({F(documented.Lower)}–{F(documented.Upper)}, {N(documented.Samples)} sampled clusterings)" : string.Empty)
                    + (documented.LinkageRun is { } run ? $"; linkage run #{N(run)} with {N(documented.Decisions)} review decision(s)" : string.Empty));
            }

            Row(html, "Estimate", string.Create(CultureInfo.InvariantCulture, $"recorded as ledger entry #{estimate.Sequence}, method {E(estimate.Method)}, figures {E(estimate.FiguresUsed)}"));
            foreach (var figure in estimate.Figures)
            {
                Row(html, figure.Kind == "latent" ? "Latent-class model (posterior median, 95% interval)" : $"Log-linear model {E(figure.Model ?? string.Empty)} (95% interval)",
                    $"{F(figure.Estimate)} ({F(figure.Lower)}–{(figure.Upper is { } upper ? F(upper) : "unbounded")}); {E(figure.Basis)}");
            }

            html.Append("</dl>\n<p><strong>Assumptions</strong></p>\n<ul>\n");
            foreach (var assumption in EventCountView.Assumptions)
            {
                html.Append("<li>").Append(E(assumption)).Append("</li>\n");
            }

            html.Append("</ul>\n");
            if (estimate.Warnings.Count > 0)
            {
                html.Append("<p><strong>Warnings</strong></p>\n<ul>\n");
                foreach (var warning in estimate.Warnings)
                {
                    html.Append("<li>").Append(T(warning)).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }

            if (count.Claims.Count > 0)
            {
                html.Append("<p><strong>Figures claimed by sources, beside the estimate</strong></p>\n<ul>\n");
                foreach (var claim in count.Claims)
                {
                    html.Append("<li>").Append(T(claim.Figure)).Append(" — ").Append(T(claim.SourceTitle ?? claim.SourceId)).Append(" (grade ").Append(E(claim.Reliability ?? "—"))
                        .Append(')').Append(claim.Synthetic ? " <strong class=\"synthetic\">SYNTHETIC</strong>" : string.Empty).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }
        }

        html.Append("</section>\n");
    }

    private static void Verification(StringBuilder html, CaseReport report)
    {
        html.Append("<section id=\"verification\">\n<h2>Appendix B. How to verify this report</h2>\n");
        if (report.Checkpoint is { } checkpoint)
        {
            html.Append("<p>The signed checkpoint every proof above leads to, as kept by the workspace (C2SP signed note; check it with the workspace's public key, `dossier key show`):</p>\n<pre>")
                .Append(E(checkpoint.SignedNote)).Append("</pre>\n");
            html.Append("<p>To check an exhibit: hash the file (SHA-256) and compare with the table; hash the entry's bytes as a leaf and follow the path to the root above. "
                + "`dossier verify` does both for a court bundle made at this checkpoint, and `dossier verify --since` shows that a later ledger extends it.</p>\n");
        }
        else
        {
            html.Append("<p>No checkpoint was kept when this report was made; its exhibits cannot be proved from it.</p>\n");
        }

        html.Append("<p class=\"muted\">This report is derived from the ledger alone: made twice from the same ledger state it is the same file, byte for byte.</p>\n</section>\n");
    }
}
