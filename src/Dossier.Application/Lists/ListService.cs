using System.Globalization;
using System.Reflection;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Linkage;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;
using Dossier.Text;

namespace Dossier.Application.Lists;

/// <summary>How to link the workspace's lists.</summary>
public sealed record LinkRequest
{
    /// <summary>The lists to link (default: every list in the workspace).</summary>
    public IReadOnlyList<string>? Lists { get; init; }

    /// <summary>Match probability at or above which two rows are one person.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Pairs with a probability in [ReviewLower, ReviewUpper) go to the review queue.</summary>
    public double ReviewLower { get; init; } = 0.1;

    public double ReviewUpper { get; init; } = 0.9;

    /// <summary>At most this many pairs are queued (the closest to 50 % first), so one entry stays a readable size.</summary>
    public int ReviewCap { get; init; } = 2000;

    public int Seed { get; init; } = new LinkageOptions().Seed;

    public int MaxBlockSize { get; init; } = new LinkageOptions().MaxBlockSize;

    /// <summary>
    /// With two lists or more, each row's list is a field of the comparison and one person is kept at most once per
    /// list unless the two rows match as a pair (ADR 1827, 1832). Off: the lists are pooled as one file.
    /// </summary>
    public bool ListGuard { get; init; } = true;
}

/// <summary>Capture histories derived from the current clusters, as the CSV the estimation engine reads.</summary>
public sealed record WorkspaceHistories(
    string Csv,
    string Source,
    IReadOnlyList<string> Lists,
    long LinkageRun,
    int Decisions,
    long LedgerSize,
    int People,
    bool Synthetic,
    string? StrataColumn)
{
    /// <summary>Strata whose values were written in several scripts or spellings, each with the spellings grouped into it.</summary>
    public IReadOnlyList<StratumGroup> StrataGroups { get; init; } = [];
}

/// <summary>One stratum as the histories name it (its most frequent spelling) and every spelling read as it.</summary>
public sealed record StratumGroup(string Stratum, IReadOnlyList<string> Spellings);

/// <summary>A list row as tabulated into capture histories: its key, its list, and its value of the stratum column (trimmed; null when empty).</summary>
public readonly record struct StratifiedRow(string Key, string ListId, string? Stratum);

/// <summary>What a list command did: the problems that stopped it, or what it wrote.</summary>
public sealed record ListResult<T>(T? Value, IReadOnlyList<ListProblem> Problems)
    where T : class
{
    /// <summary>The principal's role may not do this (the refusal is audited); <see cref="Problems"/> says what.</summary>
    public bool Refused { get; init; }

    public bool Ok => Problems.Count == 0 && Value is not null;
}

/// <summary>
/// Victim lists in the workspace (ADR 0601–0604): import a list as ledger entries, link the lists with the
/// pure engine and record the run, take people's decisions on uncertain pairs, and derive capture histories
/// from the current clusters for estimation. Every write is one append: all of it or nothing.
/// </summary>
public sealed partial class ListService(IWorkspaceStore store, TimeProvider time, AuditTrail? audit = null)
{
    // Lists, linkage runs and their rows are the team's working material: writing them needs the right to
    // write internal records (as the lists' source records are); review decisions need ReviewLinkage.
    /// <summary>What list work writes: internal records (the right to import lists and run linkage).</summary>
    public const Classification ListClassification = Classification.Internal;

    private readonly AuditTrail _audit = audit ?? new AuditTrail(store, time);

    public IListStore Lists { get; } = store.Lists;

    public async Task<ListResult<VictimList>> ImportAsync(ListImportRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification))
        {
            return await RefusedAsync<VictimList>(by, "list import", cancellationToken);
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<VictimList>(actorProblem);
        }

        if (await SourceProblemAsync(request, cancellationToken) is { } sourceProblem)
        {
            return Fail<VictimList>(sourceProblem);
        }

        var (parsed, problems) = ListImport.Parse(request);
        if (parsed is null)
        {
            return new ListResult<VictimList>(null, problems);
        }

        var source = await store.GetAsync(request.SourceId, cancellationToken);
        if (source is not null && source.Kind != RecordKind.Source)
        {
            return Fail<VictimList>(new ListProblem("--source", $"'{request.SourceId}' is a {RecordKinds.Name(source.Kind)}, not a source"));
        }

        if (source is { Retracted: true })
        {
            return Fail<VictimList>(new ListProblem("--source", $"the source '{request.SourceId}' was retracted"));
        }

        var synthetic = request.Synthetic || parsed.AllRowsSynthetic || source?.Record.Synthetic == true;
        var name = request.Name ?? (source?.Record as Source)?.Title ?? Path.GetFileNameWithoutExtension(request.FileName);
        var entries = new List<NewEntry>();
        if (source is null)
        {
            var record = new Source
            {
                Id = request.SourceId,
                Title = synthetic && !name.Contains("SYNTHETIC", StringComparison.Ordinal) ? $"SYNTHETIC victim list “{name}”" : name,
                Type = "victim-list",
                Provenance = $"Victim list imported from {Path.GetFileName(request.FileName)} (SHA-256 {parsed.Sha256}) by `dossier list import`."
                    + (synthetic ? " Invented people: SYNTHETIC, not a real list." : string.Empty),
                Reliability = Reliability.F,
                Synthetic = synthetic,
            };
            var invalid = RecordValidator.Validate(record, _ => null);
            if (invalid.Count > 0)
            {
                return Fail<VictimList>([.. invalid.Select(e => new ListProblem("source record", e.ToString()))]);
            }

            entries.Add(Entry(Entries.RecordCreated, new RecordCreatedBody(record), actor));
        }

        entries.Add(Entry(Entries.ListImported, new ListEntries.ListImportedBody(
            request.SourceId, request.SourceId, name, synthetic, new ListEntries.ImportedFile(Path.GetFileName(request.FileName), parsed.Sha256),
            parsed.IdColumn, parsed.Columns, parsed.Fields, parsed.Rows.Count), actor));
        var first = 0;
        foreach (var chunk in parsed.Rows.Chunk(ListEntries.RowsPerEntry))
        {
            entries.Add(Entry(Entries.ListRows, new ListEntries.ListRowsBody(request.SourceId, first,
                [.. chunk.Select(r => new ListEntries.RowBody(r.RowId, r.Line, synthetic || r.Synthetic, [.. parsed.Columns.Select(c => r.Values[c])]))]), actor));
            first += chunk.Length;
        }

        await store.AppendAsync(entries, cancellationToken);
        return new ListResult<VictimList>(await Lists.GetListAsync(request.SourceId, cancellationToken), []);
    }

    /// <summary>
    /// What <see cref="ImportAsync"/> would make of a list, writing nothing: its columns with their linkage roles,
    /// the first rows, and every problem (the web preview, ADR 1805). Reading needs the right to write lists.
    /// </summary>
    public async Task<ListResult<ListPreview>> PreviewAsync(ListImportRequest request, Principal by, int firstRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification))
        {
            return await RefusedAsync<ListPreview>(by, "list import", cancellationToken);
        }

        var (parsed, problems) = ListImport.Parse(request);
        var sourceProblem = await SourceProblemAsync(request, cancellationToken);
        var all = sourceProblem is null ? problems : [sourceProblem, .. problems];
        return parsed is null
            ? new ListResult<ListPreview>(null, all)
            : new ListResult<ListPreview>(new ListPreview(parsed.IdColumn, parsed.Columns, parsed.Fields, parsed.Rows.Count,
                parsed.Rows.Count(r => request.Synthetic || parsed.AllRowsSynthetic || r.Synthetic), [.. parsed.Rows.Take(firstRows)]), all);
    }

    // The list's source id must be an id, and its list not imported yet: lists are never overwritten.
    private async Task<ListProblem?> SourceProblemAsync(ListImportRequest request, CancellationToken cancellationToken)
    {
        if (!RecordValidator.IsValidId(request.SourceId))
        {
            return new ListProblem("--source", $"'{request.SourceId}' is not a valid id (letters, digits, . _ : -; at most 128)");
        }

        return await Lists.GetListAsync(request.SourceId, cancellationToken) is { } existing
            ? new ListProblem("--source",
                $"the list of source '{request.SourceId}' was already imported (ledger entry #{existing.ImportedSequence}); lists are never overwritten: import a corrected list under a new source")
            : null;
    }

    /// <summary>Runs the engine over every row of the chosen lists (deduplication across and within lists) and records the run.</summary>
    public async Task<ListResult<LinkageRunInfo>> LinkAsync(LinkRequest request, Principal by, string? reason, IProgress<LinkageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification))
        {
            return await RefusedAsync<LinkageRunInfo>(by, "linkage run", cancellationToken);
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<LinkageRunInfo>(actorProblem);
        }

        if (request.Threshold is <= 0 or > 1 || request.ReviewLower < 0 || request.ReviewUpper > 1 || request.ReviewLower > request.ReviewUpper)
        {
            return Fail<LinkageRunInfo>(new ListProblem("--threshold/--review", "need 0 < threshold ≤ 1 and 0 ≤ lower ≤ upper ≤ 1"));
        }

        var all = await Lists.ListsAsync(cancellationToken);
        var chosen = new List<VictimList>();
        foreach (var id in request.Lists ?? [.. all.Select(l => l.ListId)])
        {
            var list = all.FirstOrDefault(l => l.ListId == id);
            if (list is null)
            {
                return Fail<LinkageRunInfo>(new ListProblem("--lists", $"no list '{id}' in the workspace (lists: {(all.Count == 0 ? "none; import one with `dossier list import`" : string.Join(", ", all.Select(l => l.ListId)))})"));
            }

            if (!chosen.Contains(list))
            {
                chosen.Add(list);
            }
        }

        if (chosen.Count == 0)
        {
            return Fail<LinkageRunInfo>(new ListProblem("workspace", "no victim lists to link; import one with `dossier list import`"));
        }

        chosen.Sort((a, b) => string.CompareOrdinal(a.ListId, b.ListId));
        var rows = await Lists.RowsOfAsync([.. chosen.Select(l => l.ListId)], cancellationToken);
        var combined = CombinedFields(chosen);
        if (combined.Count == 0)
        {
            return Fail<LinkageRunInfo>(new ListProblem("lists", "no list has a field the engine can compare"));
        }

        LinkageResult result;
        // A single list gives the guard nothing to tell apart: every pair would be "one list", and chains within it cut.
        var listGuard = request.ListGuard && chosen.Count > 1;
        var options = new LinkageOptions { Threshold = request.Threshold, Seed = request.Seed, MaxBlockSize = request.MaxBlockSize, ListGuard = listGuard };
        IReadOnlyList<BlockingRule> rules;
        try
        {
            var table = CsvTable.Parse(Encoding.UTF8.GetBytes(CombinedCsv(rows, combined, listGuard)), "workspace lists");
            var specs = combined.Select(f => new FieldSpec(f.Name, FieldRoles.TryParseRole(f.Role, out var role) ? role : FieldRole.Ignore)).ToList();
            if (listGuard)
            {
                specs.Add(new FieldSpec(ListColumn, FieldRole.Category));
            }

            var records = RecordSet.ForDedupe(table, RowColumn, specs);
            rules = BlockingRule.Defaults(records.Fields, records.BirthHasDays);
            result = LinkageEngine.Run(records, options, progress);
        }
        catch (LinkageInputException e)
        {
            return Fail<LinkageRunInfo>(new ListProblem("lists", e.Message));
        }
        catch (ArgumentException e)
        {
            return Fail<LinkageRunInfo>(new ListProblem("lists", e.Message));
        }

        var body = RunBody(chosen, combined, rules, request, options, result);
        var appended = await store.AppendAsync([Entry(Entries.LinkageRun, body, actor)], cancellationToken);
        return new ListResult<LinkageRunInfo>(await Lists.LatestRunAsync(cancellationToken) is { } run && run.Sequence == appended[0].Sequence ? run : null, []);
    }

    /// <summary>
    /// Changes the linkage roles of a list's columns after its import (a column the detection missed, such as
    /// <c>executed</c>, or one it read wrongly): <paramref name="fields"/> is written as for import
    /// (<c>ROLE=COLUMN,…</c>) and replaces the list's roles; columns it does not name are ignored by linkage. The rows
    /// stay as imported; the next linkage run uses the new roles.
    /// </summary>
    public async Task<ListResult<VictimList>> ChangeFieldsAsync(string listId, string fields, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listId);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification))
        {
            return await RefusedAsync<VictimList>(by, "list roles", cancellationToken);
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<VictimList>(actorProblem);
        }

        if (await Lists.GetListAsync(listId, cancellationToken) is not { } list)
        {
            return Fail<VictimList>(new ListProblem("list", $"no list '{listId}' in the workspace"));
        }

        IReadOnlyList<FieldSpec> specs;
        try
        {
            specs = FieldRoles.ParseOverrides(fields);
        }
        catch (LinkageInputException e)
        {
            return Fail<VictimList>(new ListProblem("--fields", e.Message));
        }

        var problems = specs.Where(spec => !list.Columns.Contains(spec.Column, StringComparer.Ordinal))
            .Select(spec => new ListProblem("--fields", $"the list '{listId}' has no column '{spec.Column}' (columns: {string.Join(", ", list.Columns)})")).ToList();
        var changed = specs.Select(spec => new ListField(spec.Column, ListImport.RoleName(spec.Role))).ToList();
        if (problems.Count == 0 && !changed.Any(f => f.Role is "given-name" or "family-name" or "full-name"))
        {
            problems.Add(new ListProblem("--fields", "no column would hold a name, so the rows could not be linked; name at least given, family or full-name"));
        }

        if (problems.Count > 0)
        {
            return new ListResult<VictimList>(null, problems);
        }

        await store.AppendAsync([Entry(Entries.ListFieldsChanged, new ListEntries.FieldsChangedBody(listId, changed), actor)], cancellationToken);
        return new ListResult<VictimList>(await Lists.GetListAsync(listId, cancellationToken), []);
    }

    /// <summary>Records a person's decision on two rows; the current clusters change with it.</summary>
    public async Task<ListResult<LinkageDecision>> DecideAsync(string a, string b, LinkageVerdict verdict, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.Can(by.Role, Operation.ReviewLinkage))
        {
            return await RefusedAsync<LinkageDecision>(by, nameof(Operation.ReviewLinkage), cancellationToken);
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<LinkageDecision>(actorProblem);
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return Fail<LinkageDecision>(new ListProblem("b", "a decision needs two different rows"));
        }

        var run = await Lists.LatestRunAsync(cancellationToken);
        if (run is null)
        {
            return Fail<LinkageDecision>(new ListProblem("workspace", "no linkage run yet: run `dossier list link` first"));
        }

        var found = (await Lists.RowsByKeyAsync([a, b], cancellationToken)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, key) in new[] { ("a", a), ("b", b) })
        {
            if (!found.Contains(key))
            {
                return Fail<LinkageDecision>(new ListProblem(name, $"no list row '{key}' (write LIST/ROW)"));
            }

            if (!run.Lists.Contains(RowKeys.Split(key).ListId))
            {
                return Fail<LinkageDecision>(new ListProblem(name, $"the row '{key}' is on a list the current linkage run (#{run.Sequence}) did not link"));
            }
        }

        var (first, second) = RowKeys.Ordered(a, b);
        // The same verdict on a pair again adds nothing but a second entry to explain; a changed verdict is a new decision.
        var latest = (await Lists.DecisionsAsync(cancellationToken))
            .Where(d => string.Equals(d.A, first, StringComparison.Ordinal) && string.Equals(d.B, second, StringComparison.Ordinal))
            .MaxBy(d => d.Sequence);
        if (latest is not null && latest.Verdict == verdict)
        {
            return Fail<LinkageDecision>(new ListProblem("decision",
                $"{first} and {second} are already decided that way (ledger entry #{latest.Sequence} by {latest.Actor}); nothing was written"));
        }

        var appended = await store.AppendAsync([Entry(Entries.LinkageDecision, new ListEntries.DecisionBody(run.Sequence, first, second, verdict), actor)], cancellationToken);
        var entry = appended[0];
        return new ListResult<LinkageDecision>(new LinkageDecision(entry.Sequence, run.Sequence, first, second, verdict, entry.Actor, entry.Reason, entry.Time), []);
    }

    /// <summary>The review queue of the current run: every uncertain pair with both rows and any decision on it.</summary>
    public async Task<IReadOnlyList<ReviewItem>> ReviewQueueAsync(bool includeDecided, CancellationToken cancellationToken)
    {
        var run = await Lists.LatestRunAsync(cancellationToken);
        if (run is null)
        {
            return [];
        }

        var pairs = await Lists.ReviewPairsAsync(run.Sequence, cancellationToken);
        var decisions = new Dictionary<(string, string), LinkageDecision>();
        foreach (var d in await Lists.DecisionsAsync(cancellationToken))
        {
            decisions[RowKeys.Ordered(d.A, d.B)] = d;
        }

        var shown = pairs.Where(p => includeDecided || !decisions.ContainsKey(RowKeys.Ordered(p.A, p.B))).ToList();
        var rows = (await Lists.RowsByKeyAsync([.. shown.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal)], cancellationToken))
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
        return [.. shown.Select(p => new ReviewItem(p, rows.GetValueOrDefault(p.A), rows.GetValueOrDefault(p.B), decisions.GetValueOrDefault(RowKeys.Ordered(p.A, p.B))))];
    }

    /// <summary>
    /// Capture histories from the current clusters × the lists they appear on: one person per cluster, one 0/1
    /// column per list, optionally split by the value of a row column (the cluster's most frequent non-empty value).
    /// </summary>
    public async Task<ListResult<WorkspaceHistories>> HistoriesAsync(IReadOnlyList<string>? lists, string? strataColumn, CancellationToken cancellationToken)
    {
        var run = await Lists.LatestRunAsync(cancellationToken);
        if (run is null)
        {
            return Fail<WorkspaceHistories>(new ListProblem("workspace", "no linkage run yet: link the lists with `dossier list link` first"));
        }

        var chosen = lists is { Count: > 0 } ? lists.Distinct(StringComparer.Ordinal).ToList() : [.. run.Lists];
        foreach (var id in chosen.Where(id => !run.Lists.Contains(id)))
        {
            return Fail<WorkspaceHistories>(new ListProblem("--lists", $"the list '{id}' is not in the current linkage run #{run.Sequence} (it linked {string.Join(", ", run.Lists)})"));
        }

        if (chosen.Count < 2)
        {
            return Fail<WorkspaceHistories>(new ListProblem("--lists", "an estimate needs at least two lists"));
        }

        chosen.Sort(StringComparer.Ordinal);
        var listInfo = (await Lists.ListsAsync(cancellationToken)).Where(l => chosen.Contains(l.ListId)).ToList();
        if (strataColumn is not null && !listInfo.Any(l => l.Columns.Contains(strataColumn)))
        {
            return Fail<WorkspaceHistories>(new ListProblem("--strata", $"no list among {string.Join(", ", chosen)} has a column '{strataColumn}'"));
        }

        var clusters = await Lists.ClustersAsync(cancellationToken);
        var rows = await Lists.RowsOfAsync(chosen, cancellationToken);
        var (csvText, peopleCount, groups) = Tabulate(chosen, rows.Select(r => new StratifiedRow(r.Key, r.ListId, StratumValue(r, strataColumn))),
            key => clusters.TryGetValue(key, out var c) ? c : key, strataColumn);
        var decisions = (await Lists.DecisionsAsync(cancellationToken)).Count;
        var head = await store.GetTreeHeadAsync(cancellationToken);
        var synthetic = listInfo.Any(l => l.Synthetic) || rows.Any(r => r.Synthetic);
        var source = $"{(synthetic ? "SYNTHETIC " : string.Empty)}workspace lists {string.Join(", ", chosen)} (linkage run #{run.Sequence}, {decisions} decision(s), ledger size {head.Size})";
        return new ListResult<WorkspaceHistories>(new WorkspaceHistories(csvText, source, chosen, run.Sequence, decisions, head.Size, peopleCount, synthetic, strataColumn)
        {
            StrataGroups = groups,
        }, []);
    }

    /// <summary>
    /// Capture histories of a clustering of list rows (the CSV the estimation engine reads): one person per cluster,
    /// one 0/1 column per list in <paramref name="chosen"/>'s order, then, with <paramref name="strataColumn"/>, the
    /// person's stratum — the most frequent value among the cluster's rows, read across scripts and spellings (ties:
    /// the first key in ordinal order; no value: "(not recorded)") — then the count. Pure: the workspace's clusters
    /// and every clustering sampled for linkage uncertainty (ADR 0207, 1819) are tabulated by this one rule.
    /// </summary>
    /// <param name="rows">The rows of the chosen lists, each with its trimmed value of the stratum column (null when empty).</param>
    /// <param name="clusterOf">A row key's cluster id.</param>
    public static (string Csv, int People, IReadOnlyList<StratumGroup> Groups) Tabulate(IReadOnlyList<string> chosen, IEnumerable<StratifiedRow> rows,
        Func<string, string> clusterOf, string? strataColumn)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(clusterOf);
        var column = chosen.Select((id, j) => (id, j)).ToDictionary(x => x.id, x => x.j, StringComparer.Ordinal);
        var people = new SortedDictionary<string, (int Pattern, List<string> Strata)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var cluster = clusterOf(row.Key);
            var bit = 1 << column[row.ListId];
            var person = people.TryGetValue(cluster, out var p) ? p : (Pattern: 0, Strata: new List<string>());
            if (strataColumn is not null && row.Stratum is { Length: > 0 } value)
            {
                person.Strata.Add(value);
            }

            people[cluster] = (person.Pattern | bit, person.Strata);
        }

        // A stratum is read across scripts and spellings as names are ("Evin", "اوین" and "Evin prison" are one
        // prison): its values are grouped by their cross-script keys, and the group is named by its most frequent spelling.
        var spellings = people.Values.SelectMany(p => p.Strata).GroupBy(StratumKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key).ToList(), StringComparer.Ordinal);
        var counts = new SortedDictionary<(string Stratum, int Pattern), long>(Comparer<(string Stratum, int Pattern)>.Create((x, y) =>
            string.CompareOrdinal(x.Stratum, y.Stratum) is var s and not 0 ? s : x.Pattern.CompareTo(y.Pattern)));
        foreach (var (pattern, strata) in people.Values)
        {
            var stratum = strataColumn is null ? string.Empty
                : strata.Count == 0 ? "(not recorded)"
                : spellings[strata.GroupBy(StratumKey, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key][0];
            counts[(stratum, pattern)] = counts.GetValueOrDefault((stratum, pattern)) + 1;
        }

        var csv = new StringBuilder();
        csv.Append(string.Join(',', chosen.Select(Csv)));
        if (strataColumn is not null)
        {
            csv.Append(',').Append(Csv(strataColumn));
        }

        csv.Append(",count\n");
        foreach (var ((stratum, pattern), count) in counts)
        {
            csv.Append(string.Join(',', chosen.Select((_, j) => (pattern >> j & 1) == 1 ? "1" : "0")));
            if (strataColumn is not null)
            {
                csv.Append(',').Append(Csv(stratum));
            }

            csv.Append(',').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var groups = spellings.Values.Where(s => s.Count > 1).Select(s => new StratumGroup(s[0], s)).OrderBy(g => g.Stratum, StringComparer.Ordinal).ToList();
        return (csv.ToString(), people.Count, groups);
    }

    /// <summary>A row's value of the stratum column, trimmed; null when there is no column, no value or only spaces.</summary>
    public static string? StratumValue(ListRow row, string? strataColumn)
    {
        ArgumentNullException.ThrowIfNull(row);
        return strataColumn is not null && row.Values.TryGetValue(strataColumn, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
    }

    // The phonetic keys of a value's words (Persian romanised first, as search and linkage read names), joined
    // ("قزلحصار" and "Qezel Hesar") and without their inner vowels, which romanised Persian writes unreliably
    // ("گوهردشت" keys as guhrdwt, "Gohardasht" as ghrdwt). Strata are few (prisons, cities), and the grouping is shown.
    private static string StratumKey(string value)
    {
        var words = NameNormalizer.Tokens(value);
        if (words.Count == 0)
        {
            // A value with no letters or digits keeps its own text as its key.
            return value;
        }

        var key = string.Concat(words.Select(PhoneticKey.Compute));
        return key.Length == 0 ? value : key[0] + string.Concat(key.Skip(1).Where(c => c is not ('a' or 'e' or 'i' or 'o' or 'u')));
    }

    internal const string RowColumn = "__row";

    /// <summary>
    /// Lists name their columns differently; the engine compares one table. A field of the combined table is a
    /// role ("family-name"), or role and column when a list has several columns of one role ("place:prison").
    /// </summary>
    private static List<LinkageRunBody.CombinedField> CombinedFields(IReadOnlyList<VictimList> lists)
    {
        var byName = new SortedDictionary<string, (string Role, SortedDictionary<string, string> Columns)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var used = list.Fields.Where(f => f.Role != "ignore").ToList();
            foreach (var field in used)
            {
                var name = used.Count(f => f.Role == field.Role) == 1 ? field.Role : $"{field.Role}:{field.Column.ToLowerInvariant()}";
                if (!byName.TryGetValue(name, out var entry))
                {
                    entry = (field.Role, new SortedDictionary<string, string>(StringComparer.Ordinal));
                    byName[name] = entry;
                }

                entry.Columns[list.ListId] = field.Column;
            }
        }

        // A list with one full-name column and lists with given and family names: the latter's names are joined into
        // a full name as well, so the two kinds are compared (they keep their given and family comparisons too).
        var joined = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (byName.TryGetValue(FullName, out var full))
        {
            foreach (var list in lists.Where(l => !full.Columns.ContainsKey(l.ListId)))
            {
                var given = list.Fields.Where(f => f.Role == "given-name").ToList();
                var family = list.Fields.Where(f => f.Role == "family-name").ToList();
                if (given.Count == 1 && family.Count == 1)
                {
                    joined[list.ListId] = [given[0].Column, family[0].Column];
                }
            }
        }

        return [.. byName.Select(p => new LinkageRunBody.CombinedField(p.Key, p.Value.Role, p.Value.Columns, p.Key == FullName && joined.Count > 0 ? joined : null))];
    }

    private const string FullName = "full-name";

    /// <summary>
    /// The column that carries each row's list when the list guard is on. Combined fields are named by role
    /// ("family-name", "category:source"), so no field of a list takes this name; the engine knows it as a list column.
    /// </summary>
    public const string ListColumn = "list";

    private static string CombinedCsv(IReadOnlyList<ListRow> rows, IReadOnlyList<LinkageRunBody.CombinedField> fields, bool withList)
    {
        var csv = new StringBuilder();
        csv.Append(RowColumn);
        foreach (var f in fields)
        {
            csv.Append(',').Append(Csv(f.Name));
        }

        if (withList)
        {
            csv.Append(',').Append(ListColumn);
        }

        csv.Append('\n');
        foreach (var row in rows)
        {
            csv.Append(Csv(row.Key));
            foreach (var f in fields)
            {
                csv.Append(',');
                if (f.Columns.TryGetValue(row.ListId, out var column) && row.Values.TryGetValue(column, out var value))
                {
                    csv.Append(Csv(value));
                }
                else if (f.Joined?.TryGetValue(row.ListId, out var parts) == true)
                {
                    csv.Append(Csv(string.Join(' ', parts.Select(p => row.Values.GetValueOrDefault(p, string.Empty).Trim()).Where(v => v.Length > 0))));
                }
            }

            if (withList)
            {
                csv.Append(',').Append(Csv(row.ListId));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static LinkageRunBody RunBody(IReadOnlyList<VictimList> lists, IReadOnlyList<LinkageRunBody.CombinedField> fields, IReadOnlyList<BlockingRule> rules,
        LinkRequest request, LinkageOptions options, LinkageResult result)
    {
        var records = result.Records;
        var clusterOf = result.ClusterOf!;
        var edges = new List<LinkageRunBody.Edge>();
        var uncertain = new List<(int A, int B, double P)>();
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            double p = result.Probabilities[i];
            if (p >= request.Threshold && clusterOf[a] == clusterOf[b])
            {
                var (x, y) = RowKeys.Ordered(records.IdOf(a), records.IdOf(b));
                edges.Add(new LinkageRunBody.Edge(x, y, Round(p)));
            }

            if (p >= request.ReviewLower && p < request.ReviewUpper)
            {
                uncertain.Add((a, b, p));
            }
        }

        edges.Sort((x, y) => string.CompareOrdinal(x.A, y.A) is var c and not 0 ? c : string.CompareOrdinal(x.B, y.B));
        var review = uncertain
            .OrderBy(u => Math.Abs(u.P - 0.5)).ThenBy(u => records.IdOf(u.A), StringComparer.Ordinal).ThenBy(u => records.IdOf(u.B), StringComparer.Ordinal)
            .Take(request.ReviewCap)
            .Select(u =>
            {
                var e = result.Explain(u.A, u.B);
                var (x, y) = RowKeys.Ordered(records.IdOf(u.A), records.IdOf(u.B));
                var swapped = x != records.IdOf(u.A);
                return new LinkageRunBody.Review(x, y, Round(u.P), new LinkageRunBody.Explanation(Finite(e.PriorWeight), Finite(e.TotalWeight),
                    [.. e.Comparisons.Select(c => new LinkageRunBody.ComparisonWeight(c.Column, ListImport.RoleName(c.Role),
                        swapped ? c.RightValue : c.LeftValue, swapped ? c.LeftValue : c.RightValue, c.Level, Finite(c.M), Finite(c.U), Finite(c.Weight), Finite(c.TermFrequencyWeight) ?? 0))]));
            })
            .ToList();

        var clusters = Enumerable.Range(0, records.Count)
            .GroupBy(i => clusterOf[i])
            .Where(g => g.Count() > 1)
            .Select(g => (IReadOnlyList<string>)[.. g.Select(records.IdOf).Order(StringComparer.Ordinal)])
            .OrderBy(c => c[0], StringComparer.Ordinal)
            .ToList();
        var summary = result.Summary;
        var version = typeof(LinkageEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(LinkageEngine).Assembly.GetName().Version?.ToString() ?? "unknown";
        return new LinkageRunBody(
            [.. lists.Select(l => l.ListId)],
            new LinkageRunBody.EngineInfo("Dossier.Linkage", version),
            new LinkageRunBody.RunParameters(request.Threshold, request.ReviewLower, request.ReviewUpper, request.ReviewCap, options.Seed, options.MaxBlockSize,
                options.RandomPairs, options.MaxIterations, options.Tolerance, options.TermFrequency, options.ClusterCoherence, fields,
                [.. rules.Select(r => new LinkageRunBody.Rule(r.Name, [.. r.Parts.Select(p => $"{p.Column}:{p.Kind.ToString().ToLowerInvariant()}")], r.Unordered))],
                options.ListGuard),
            new LinkageRunBody.ModelInfo(Finite(summary.Model.PriorProbability),
                [.. summary.Model.Parameters.Select(p => new LinkageRunBody.Comparison(p.Column, ListImport.RoleName(p.Role), p.TermFrequency,
                    [.. p.Levels.Select(l => new LinkageRunBody.Level(l.Level, Finite(l.M), Finite(l.U), Finite(l.Weight)))]))]),
            new LinkageRunBody.SummaryInfo(records.Count, summary.CandidatePairs, summary.Patterns,
                [.. summary.Em.Select(e => new LinkageRunBody.EmInfo(e.Rule, e.Pairs, e.Iterations, e.Converged, Finite(e.MatchShare)))],
                summary.Matches, records.Count - clusters.Sum(c => c.Count - 1), summary.RefusedMerges, review.Count, [.. summary.Notes]),
            clusters,
            edges,
            review);
    }

    private static ListResult<T> Fail<T>(params ListProblem[] problems)
        where T : class => new(null, problems);

    private static double Round(double p) => Math.Round(p, 6, MidpointRounding.ToEven);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<ListResult<T>> RefusedAsync<T>(Principal by, string what, CancellationToken cancellationToken)
        where T : class
    {
        await _audit.DeniedAsync(by, what, null, cancellationToken);
        return new ListResult<T>(null, [new ListProblem("role", $"{what} is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)")]) { Refused = true };
    }

    private static ListProblem? CheckActor(Actor actor) =>
        string.IsNullOrWhiteSpace(actor.Name) ? new ListProblem("actor", "every change needs the name of who made it")
        : string.IsNullOrWhiteSpace(actor.Reason) ? new ListProblem("reason", "every change needs a reason")
        : null;

    private NewEntry Entry<TBody>(EntryKind<TBody> kind, TBody body, Actor actor)
        where TBody : class => kind.New(body, actor.Name, time.GetUtcNow(), actor.Reason);
}
