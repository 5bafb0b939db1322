using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Protection;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;
using Dossier.Web.Components;

namespace Dossier.Web.Reports;

/// <summary>
/// Who a report is made for beyond the reader's own role: the highest classification it may carry and, for a
/// disclosure, the audience whose consent a witness's words need (issue 15 §4, §6). The default is the reader's own
/// view with consent to share with prosecutors or courts.
/// </summary>
public sealed record ReportScope(Classification? Ceiling = null, string? Audience = null)
{
    public static readonly ReportScope Reader = new();

    /// <summary>Whether an interview's consent lets its words go into this report.</summary>
    public bool Allows(Consent consent) => Audience is { } audience
        ? consent.Covers(audience, "prosecution")
        : consent.Covers("prosecutors", "prosecution") || consent.Covers("courts", "prosecution");
}

/// <summary>The kept checkpoint a report's proofs lead to: its size, root and the signed note as kept.</summary>
public sealed record ReportCheckpoint(long Size, string RootHex, string SignedNote, string Origin);

/// <summary>One ledger entry of an exhibit, with its inclusion proof in the checkpoint's tree.</summary>
public sealed record ExhibitEntry(long Sequence, string Action, string At, string Actor, string? From, string? To, string? Authority, string LeafHex, IReadOnlyList<string> Proof);

/// <summary>An evidence item cited by the case, with its custody up to the checkpoint.</summary>
/// <param name="Number">The exhibit's number in the report (E1, E2…), in hash order.</param>
/// <param name="Proves">The records (or elements) it bears on, and how.</param>
public sealed record Exhibit(
    int Number, EvidenceItem Item, IReadOnlyList<string> Proves, IReadOnlyList<ExhibitEntry> Entries, bool UnderCheckpoint)
{
    public string Label => string.Create(CultureInfo.InvariantCulture, $"E{Number}");
}

/// <summary>A witness as the report may name them: the label (the pseudonym where protected), and their statements.</summary>
public sealed record ReportWitness(string Id, string Label, bool Protected, bool Synthetic, IReadOnlyList<ReportStatement> Statements);

/// <summary>A statement cited by the case: its words when they are plain and consent allows, else why they are withheld.</summary>
public sealed record ReportStatement(string Id, string InterviewId, string? Date, string? Language, string? Text, string? Withheld, IReadOnlyList<string> Elements);

/// <summary>One line of the chronology.</summary>
public sealed record ChronologyItem(FuzzyDate Date, string Kind, string Id, string Text, bool Synthetic);

/// <summary>An accused as the report shows them: names in every script, life dates, description, posts.</summary>
public sealed record AccusedProfile(string Id, string Label, IReadOnlyList<PersonName> Names, string? Born, string? Died, string? Description, IReadOnlyList<PostLine> Posts);

public sealed record PostLine(string Id, string Role, string Organization, string? Place, string? From, string? To, string Sources, bool InPeriod);

/// <summary>A fact in dispute: the claims about one subject and property from more than one source, side by side.</summary>
public sealed record DisputedFact(string SubjectId, string Subject, string Property, IReadOnlyList<DisputedClaim> Claims);

public sealed record DisputedClaim(string Id, string Statement, string? Figure, string SourceId, string Source, string? Grade, int Credibility, bool Synthetic);

/// <summary>
/// Everything the prosecutor's dossier says, gathered once for one reader and scope (issue 15 §4). Rendering it
/// (<see cref="CaseReportHtml"/>) adds nothing that depends on when or by whom it was asked, so the same ledger state
/// gives the same bytes.
/// </summary>
public sealed record CaseReport(
    CaseView View,
    ReportScope Scope,
    ReportCheckpoint? Checkpoint,
    IReadOnlyList<AccusedProfile> Accused,
    IReadOnlyList<string> Places,
    IReadOnlyList<ChronologyItem> Chronology,
    IReadOnlyList<ReportWitness> Witnesses,
    IReadOnlyList<Exhibit> Exhibits,
    IReadOnlyList<DisputedFact> Disputed,
    IReadOnlyList<EventCountView> Counts,
    IReadOnlyDictionary<string, string> Labels)
{
    public CaseFile Case => View.Case;

    /// <summary>The label of a record the report names, or its id.</summary>
    public string LabelOf(string id) => Labels.TryGetValue(id, out var label) ? label : id;
}

/// <summary>Gathers a <see cref="CaseReport"/> from the workspace: the case analysis, the accused, the exhibits with proofs to a kept checkpoint.</summary>
public sealed class CaseReportBuilder(IWorkspaceStore store, CaseService cases, TimeProvider time)
{
    /// <summary>
    /// The report on <paramref name="caseId"/> for <paramref name="reader"/>; null when there is no such case the
    /// reader may read. <paramref name="checkpointSize"/> names a kept checkpoint; null takes the latest kept one.
    /// </summary>
    public async Task<(CaseReport? Report, string? Error)> BuildAsync(string caseId, Principal reader, ReportScope scope, long? checkpointSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(scope);
        if (await cases.AnalyseAsync(caseId, reader.Role, cancellationToken, scope.Ceiling) is not { } view)
        {
            return (null, $"no case '{caseId}' that you may read");
        }

        var checkpoint = await CheckpointAsync(checkpointSize, cancellationToken);
        if (checkpointSize is not null && checkpoint is null)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"no checkpoint of {checkpointSize} entries is kept in this workspace (`dossier checkpoint` keeps one)"));
        }

        var ceiling = AccessPolicy.HighestReadable(reader.Role);
        if (scope.Ceiling is { } limit && limit < ceiling)
        {
            ceiling = limit;
        }

        var access = new RecordAccess(store, new AuditTrail(store, time), RoleFor(reader.Role, ceiling) is { } role ? reader with { Role = role } : null);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var accused = new List<AccusedProfile>();
        foreach (var id in view.Case.AccusedIds)
        {
            accused.Add(await AccusedAsync(id, view, ceiling, labels, cancellationToken));
        }

        var places = new List<string>();
        foreach (var id in view.Case.PlaceIds)
        {
            places.Add(await LabelAsync(id, ceiling, labels, cancellationToken));
        }

        foreach (var proof in view.Charges.SelectMany(c => c.Elements).SelectMany(e => e.Proof))
        {
            labels.TryAdd(proof.Target, proof.Label);
        }

        var witnesses = Witnesses(view, scope);
        foreach (var witness in witnesses)
        {
            // The pseudonym is the label of a protected witness's record (ADR 0805); a record above the scope shows its id.
            labels[witness.Id] = await LabelAsync(witness.Id, ceiling, labels, cancellationToken);
        }

        witnesses = [.. witnesses.Select(w => w with { Label = labels[w.Id] })];
        var proofRecords = view.Charges.SelectMany(c => c.Elements).SelectMany(e => e.Proof)
            .Where(p => p.Source != ProofSource.Evidence).Select(p => p.Target).Distinct(StringComparer.Ordinal).ToList();
        var related = await store.GetManyAsync(proofRecords, cancellationToken);
        var events = related.Values.Select(r => r.Record).SelectMany(EventsOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var chronology = await ChronologyAsync(view, accused, events, ceiling, cancellationToken);
        var exhibits = await ExhibitsAsync(view, proofRecords, ceiling, checkpoint, cancellationToken);
        var disputed = await DisputedAsync(access, related.Values.Select(r => r.Record).OfType<Claim>(), events, cancellationToken);
        var counts = new List<EventCountView>();
        foreach (var id in events)
        {
            if (await EventCountView.LoadAsync(access, store.Lists, id, cancellationToken) is { Estimate: not null } count)
            {
                counts.Add(count);
            }
        }

        return (new CaseReport(view, scope, checkpoint, accused, places, chronology, witnesses, exhibits, disputed, counts, labels), null);
    }

    // The role whose ceiling is the scope's (reading no more than the report may carry).
    private static Role? RoleFor(Role role, Classification ceiling) =>
        AccessPolicy.HighestReadable(role) <= ceiling ? role
        : Enum.GetValues<Role>().Where(r => AccessPolicy.HighestReadable(r) <= ceiling).OrderByDescending(r => AccessPolicy.HighestReadable(r)).Cast<Role?>().FirstOrDefault();

    private async Task<ReportCheckpoint?> CheckpointAsync(long? size, CancellationToken cancellationToken)
    {
        var kept = await store.ReadCheckpointsAsync(cancellationToken);
        var chosen = size is { } wanted ? kept.Where(k => k.Size == wanted).ToList() : [.. kept];
        if (chosen.Count == 0)
        {
            return null;
        }

        var (keptSize, note) = chosen.MaxBy(k => k.Size);
        var parsed = Checkpoint.Parse(SignedNote.Parse(note).Text);
        return new ReportCheckpoint(keptSize, Convert.ToHexStringLower(parsed.RootHash), note, parsed.Origin);
    }

    private async Task<string> LabelAsync(string id, Classification ceiling, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (!labels.TryGetValue(id, out var label))
        {
            var envelope = await store.GetAsync(id, cancellationToken);
            label = envelope is { Retracted: false } && envelope.Record.Classification <= ceiling ? envelope.Record.Label : id;
            labels[id] = label;
        }

        return label;
    }

    private async Task<AccusedProfile> AccusedAsync(string id, CaseView view, Classification ceiling, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var envelope = await store.GetAsync(id, cancellationToken);
        if (envelope is not { Retracted: false, Record: Person person } || person.Classification > ceiling)
        {
            labels[id] = id;
            return new AccusedProfile(id, id, [], null, null, null, []);
        }

        labels[id] = person.Label;
        var inPeriod = view.Posts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var posts = new List<PostLine>();
        foreach (var post in (await store.ReferencingAsync(id, RecordKind.Position, cancellationToken))
            .Where(e => !e.Retracted && e.Record.Classification <= ceiling).Select(e => e.Record).OfType<Position>().Where(p => p.PersonId == id)
            .OrderBy(p => p.From).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            var sources = new List<string>();
            foreach (var source in post.Sources)
            {
                sources.Add(await LabelAsync(source, ceiling, labels, cancellationToken));
            }

            posts.Add(new PostLine(post.Id, post.Role, await LabelAsync(post.OrganizationId, ceiling, labels, cancellationToken),
                post.PlaceId is { } place ? await LabelAsync(place, ceiling, labels, cancellationToken) : null,
                post.From?.ToString(), post.To?.ToString(), string.Join("; ", sources), inPeriod.Contains(post.Id)));
        }

        return new AccusedProfile(id, person.Label, person.Names, person.Born?.ToString(), person.Died?.ToString(), person.Description, posts);
    }

    // The witnesses behind the statements the case cites (directly or through its allegations), by their labels:
    // the pseudonym is the label of a protected witness's record (ADR 0805). Sealed words never leave the seal here.
    private static List<ReportWitness> Witnesses(CaseView view, ReportScope scope)
    {
        if (view.Testimony is not { } testimony)
        {
            return [];
        }

        var cited = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var element in view.Charges.SelectMany(c => c.Elements))
        {
            foreach (var proof in element.Proof.Where(p => p.Counts))
            {
                var ids = proof.Source switch
                {
                    ProofSource.Statement => [proof.Target],
                    ProofSource.Allegation => testimony.For(proof.Target)?.Supporting.Statements ?? [],
                    _ => (IEnumerable<string>)[],
                };
                foreach (var id in ids)
                {
                    if (!cited.TryGetValue(id, out var elements))
                    {
                        cited[id] = elements = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    elements.Add(element.Element.Id);
                }
            }
        }

        var statements = cited.Keys.Select(testimony.Statement).Where(s => s is not null).Select(s => s!).ToList();
        return [.. statements.GroupBy(s => s.WitnessId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var sealedWords = g.Any(s => s.Access != StatementAccess.Plain);
            return new ReportWitness(g.Key, g.Key, sealedWords, g.Any(s => s.Record.Synthetic || s.Interview.Synthetic),
                [.. g.OrderBy(s => s.Interview.Date).ThenBy(s => s.Record.Sequence).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s =>
                {
                    var withheld = s.Access != StatementAccess.Plain ? "the words are sealed under the protected witness's key; disclosed only on a separate order"
                        : !scope.Allows(s.Interview.Consent) ? "the witness's consent does not cover this disclosure"
                        : null;
                    return new ReportStatement(s.Id, s.Interview.Id, s.Interview.Date?.ToString(), s.Record.Language, withheld is null ? s.Text : null, withheld, [.. cited[s.Id]]);
                })]);
        })];
    }

    private static IEnumerable<string> EventsOf(Record record) => record switch
    {
        Event e => [e.Id],
        Act { EventId: { } id } => [id],
        Claim claim => claim.Subjects,
        Allegation allegation => allegation.EventId is { } id ? [id] : [],
        _ => [],
    };

    private async Task<List<ChronologyItem>> ChronologyAsync(CaseView view, List<AccusedProfile> accused, List<string> candidates, Classification ceiling, CancellationToken cancellationToken)
    {
        var items = new List<ChronologyItem>();
        foreach (var envelope in (await store.GetManyAsync(candidates, cancellationToken)).Values)
        {
            if (!envelope.Retracted && envelope.Record is Event { Date: { } date } e && e.Classification <= ceiling)
            {
                items.Add(new ChronologyItem(date, "event", e.Id, e.Title, e.Synthetic));
            }
        }

        foreach (var profile in accused)
        {
            foreach (var post in profile.Posts.Where(p => p.From is not null))
            {
                items.Add(new ChronologyItem(FuzzyDate.Parse(post.From!), "post", post.Id, $"{profile.Label}: {post.Role}, {post.Organization}", false));
            }

            foreach (var proceeding in (await store.ReferencingAsync(profile.Id, RecordKind.Proceeding, cancellationToken))
                .Where(e => !e.Retracted && e.Record.Classification <= ceiling).Select(e => e.Record).OfType<Proceeding>())
            {
                if (proceeding.Opened is { } opened)
                {
                    items.Add(new ChronologyItem(opened, "proceeding", proceeding.Id, proceeding.Title, proceeding.Synthetic));
                }

                foreach (var ruling in (await store.ReferencingAsync(proceeding.Id, RecordKind.Ruling, cancellationToken))
                    .Where(e => !e.Retracted && e.Record.Classification <= ceiling).Select(e => e.Record).OfType<Ruling>())
                {
                    items.Add(new ChronologyItem(ruling.Date, "ruling", ruling.Id, $"{ruling.Type}: {ruling.Outcome}{(ruling.Sentence is { } s ? $" ({s})" : string.Empty)}", ruling.Synthetic));
                }
            }
        }

        return [.. items.DistinctBy(i => i.Id).OrderBy(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    // The evidence the case names, and the items linked to the records that prove it; each with its acquisition and
    // custody entries up to the checkpoint and their inclusion proofs, so a bundle at that checkpoint proves them.
    private async Task<List<Exhibit>> ExhibitsAsync(CaseView view, List<string> proofRecords, Classification ceiling, ReportCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var proves = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string hash, string what)
        {
            if (!proves.TryGetValue(hash, out var set))
            {
                proves[hash] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(what);
        }

        foreach (var element in view.Charges.SelectMany(c => c.Elements))
        {
            foreach (var proof in element.Proof.Where(p => p.Source == ProofSource.Evidence))
            {
                Add(proof.Target, $"element {element.Element.Id}");
            }
        }

        foreach (var id in proofRecords)
        {
            foreach (var link in await store.EvidenceLinks.LinksToAsync(id, cancellationToken))
            {
                Add(link.Hash, $"{link.Relation.ToString().ToLowerInvariant()} {id} ({link.Locator})");
            }
        }

        var items = new List<EvidenceItem>();
        foreach (var hash in proves.Keys.Order(StringComparer.Ordinal))
        {
            if (await store.Evidence.GetItemAsync(hash, cancellationToken) is { } item && item.Classification <= ceiling)
            {
                items.Add(item);
            }
        }

        // Materials of an interview whose witness withdrew consent stay out, as they stay out of every export.
        var withdrawn = (await EvidenceService.WithdrawnMaterialsAsync(store, items, cancellationToken)).Select(w => w.Hash).ToHashSet(StringComparer.Ordinal);
        items.RemoveAll(i => withdrawn.Contains(i.Hash));
        var exhibits = new List<Exhibit>();
        var source = checkpoint is null ? null : store.OpenSubtreeHashes();
        try
        {
            foreach (var item in items)
            {
                var entries = new List<ExhibitEntry>();
                foreach (var entry in await store.Evidence.CustodyAsync(item.Hash, cancellationToken))
                {
                    if (checkpoint is null || entry.Sequence >= checkpoint.Size)
                    {
                        continue;
                    }

                    var custody = CustodyEvent.From(entry);
                    var proof = MerkleProofs.Inclusion(source!, entry.Sequence, checkpoint.Size);
                    entries.Add(new ExhibitEntry(entry.Sequence, custody.Action, custody.Details?.At ?? entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                        entry.Actor, custody.Details?.From, custody.Details?.To, custody.Details?.Authority,
                        Convert.ToHexStringLower(MerkleHash.Leaf(entry.Bytes)), [.. proof.Select(Convert.ToHexStringLower)]));
                }

                exhibits.Add(new Exhibit(exhibits.Count + 1, item, [.. proves[item.Hash]], entries, checkpoint is not null && item.AcquisitionEntry < checkpoint.Size));
            }
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        return exhibits;
    }

    // Facts the case relies on that sources dispute: the claims it cites, grouped with every other claim on the same
    // subject and property; and the figures claimed for the events it touches. Each group needs two sources or more.
    private static async Task<List<DisputedFact>> DisputedAsync(RecordAccess access, IEnumerable<Claim> cited, List<string> events, CancellationToken cancellationToken)
    {
        var wanted = cited.SelectMany(c => c.Subjects.Select(s => (Subject: s, c.Property))).Where(p => p.Property is not null)
            .Concat(events.Select(e => (Subject: e, Property: (string?)null))).Distinct().ToList();
        var facts = new List<DisputedFact>();
        foreach (var subject in wanted.Select(w => w.Subject).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (await RecordView.LoadAsync(access, subject, cancellationToken) is not { } view)
            {
                continue;
            }

            foreach (var group in view.ClaimGroups.Where(g => g.Competing && g.Property.Length > 0))
            {
                var asked = wanted.Any(w => w.Subject == subject && (w.Property is null || w.Property == group.Property));
                if (!asked)
                {
                    continue;
                }

                facts.Add(new DisputedFact(subject, view.Record.Label, group.Property, [.. group.Claims.Select(c =>
                {
                    var source = view.Related<Source>(c.SourceId);
                    return new DisputedClaim(c.Id, c.Statement, c.Quantity is { } q ? QuantityText.Format(q) : null, c.SourceId, source?.Label ?? c.SourceId,
                        source?.Reliability.ToString(), c.Credibility, c.Synthetic || source?.Synthetic == true);
                })]));
            }
        }

        return facts;
    }
}

public enum ReportFormat
{
    Html,
    Pdf,
}

/// <summary>A report made, or why not: <see cref="Refused"/> when the role may not export, else <see cref="Error"/> names the problem.</summary>
public sealed record ReportResult(byte[]? Content, string? Error, bool Refused = false, CaseReport? Report = null);

/// <summary>
/// The one way a prosecutor's dossier leaves the workspace (CLI, API, page): the role must be allowed to export, the
/// report is built and rendered, and its making is recorded as an <c>access.exported</c> entry — after the report is
/// made, so it is never part of what it reports.
/// </summary>
public sealed class CaseReports(IWorkspaceStore store, CaseService cases, TimeProvider time)
{
    public async Task<ReportResult> MakeAsync(string caseId, Principal by, ReportScope scope, long? checkpointSize, ReportFormat format, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var audit = new AuditTrail(store, time);
        if (!AccessPolicy.Can(by.Role, Operation.Export))
        {
            await audit.DeniedAsync(by, nameof(Operation.Export), caseId, cancellationToken);
            return new ReportResult(null, $"{Operation.Export} is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)", Refused: true);
        }

        var (report, error) = await new CaseReportBuilder(store, cases, time).BuildAsync(caseId, by, scope, checkpointSize, cancellationToken);
        if (report is null)
        {
            return new ReportResult(null, error);
        }

        var (content, problem) = await ChromiumPdf.InFormatAsync(CaseReportHtml.Render(report), format, cancellationToken);
        if (content is null)
        {
            return new ReportResult(null, problem);
        }

        var size = report.Checkpoint is { } c ? string.Create(CultureInfo.InvariantCulture, $"checkpoint at {c.Size} entries") : "no checkpoint";
        await audit.ExportedAsync(by.Name, by.Role, "case report",
            $"{target}: {caseId} as {format.ToString().ToLowerInvariant()}, {report.Exhibits.Count} exhibit(s), {size}, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))}",
            cancellationToken);
        return new ReportResult(content, null, Report: report);
    }
}
