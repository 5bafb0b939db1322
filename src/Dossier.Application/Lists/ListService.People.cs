using System.Globalization;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Application.Lists;

/// <summary>
/// Which person record a linked cluster of list rows becomes: a new one (<see cref="PersonId"/> null) or an
/// existing person it is joined to.
/// </summary>
public sealed record IdentifyRequest(string Row)
{
    /// <summary>An existing person record to join the cluster's rows to; null creates a new person.</summary>
    public string? PersonId { get; init; }

    /// <summary>The id of the new person record (default: derived from the row, see <see cref="ListService.DefaultPersonId"/>).</summary>
    public string? NewPersonId { get; init; }

    /// <summary>The new record's classification; lists are internal material, so internal by default.</summary>
    public Classification Classification { get; init; } = Classification.Internal;
}

/// <summary>One cluster made a person by <see cref="ListService.IdentifySettledAsync"/>: the new record's id and the cluster's rows.</summary>
public sealed record IdentifiedCluster(string PersonId, IReadOnlyList<ListRow> Rows);

/// <summary>
/// What <see cref="ListService.IdentifySettledAsync"/> did: the people it made, and the clusters it left alone — with a
/// pair still in the review queue, already (partly) a person, or mixing invented rows with real ones.
/// </summary>
public sealed record SettledIdentification(IReadOnlyList<IdentifiedCluster> Made, int LeftUncertain, int LeftIdentified, int LeftMixed);

/// <summary>What an identification wrote: the person as it now stands, the rows newly identified as them, and the entry.</summary>
public sealed record Identification(RecordEnvelope Person, IReadOnlyList<ListRow> Rows, bool Created, long Sequence);

public sealed partial class ListService
{
    /// <summary>
    /// Makes the cluster holding <see cref="IdentifyRequest.Row"/> one person record (issue 18 item 6): creates the
    /// person, or joins the rows to an existing one, in one append with a <c>list.rows-identified</c> entry naming
    /// every row. The person's names are the spellings on the rows, its sources the lists' source records; a birth
    /// or death date is copied only when every row that gives one agrees. A row is at most one person: rows already
    /// identified are left as they are, and a cluster whose rows are already two people is refused (review the links).
    /// </summary>
    public async Task<ListResult<Identification>> IdentifyAsync(IdentifyRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification))
        {
            return await RefusedAsync<Identification>(by, "identify list rows", cancellationToken);
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<Identification>(actorProblem);
        }

        if (await Lists.RowsByKeyAsync([request.Row], cancellationToken) is not [var row, ..])
        {
            return Fail<Identification>(new ListProblem("row", $"no list row '{request.Row}' (write LIST/ROW)"));
        }

        var cluster = await Lists.ClusterOfAsync(row.Key, cancellationToken);
        var rows = cluster?.Rows ?? [row];
        var already = await LivePeopleOfRowsAsync(rows, cancellationToken);
        var people = already.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (people.Count > 1)
        {
            return Fail<Identification>(new ListProblem("row",
                $"the rows linked with '{row.Key}' are already identified as several people ({string.Join(", ", people)}): review the links between them first"));
        }

        if (people.Count == 1 && !string.Equals(request.PersonId, people[0], StringComparison.Ordinal))
        {
            return Fail<Identification>(new ListProblem("person",
                already.Count == rows.Count
                    ? $"every row linked with '{row.Key}' is already the person '{people[0]}'"
                    : $"rows linked with '{row.Key}' are already the person '{people[0]}': join the other rows to '{people[0]}'"));
        }

        var fresh = rows.Where(r => !already.ContainsKey(r.Key)).ToList();
        if (fresh.Count == 0)
        {
            return Fail<Identification>(new ListProblem("row", $"every row linked with '{row.Key}' is already the person '{people[0]}'"));
        }

        if (fresh.Any(r => r.Synthetic) && fresh.Any(r => !r.Synthetic))
        {
            return Fail<Identification>(new ListProblem("row",
                $"the rows linked with '{row.Key}' mix invented (SYNTHETIC) rows with rows of real lists; an invented row never becomes part of a real person"));
        }

        var synthetic = fresh[0].Synthetic;
        var lists = (await Lists.ListsAsync(cancellationToken)).ToDictionary(l => l.ListId, StringComparer.Ordinal);
        var found = FromRows(fresh, lists);
        var run = cluster?.RunSequence ?? 0;
        return request.PersonId is null
            ? await CreatePersonAsync(request, row, fresh, found, synthetic, run, by, actor, cancellationToken)
            : await JoinPersonAsync(request.PersonId, fresh, found, synthetic, run, by, actor, cancellationToken);
    }

    /// <summary>
    /// Makes every settled cluster of the current linkage one new person record, in one append (issue 18 item 6 for a
    /// whole list). A cluster is settled when none of its rows is already a person and none is in a pair of the review
    /// queue still waiting for a decision: uncertain clusters are left for someone to review, then identify. Each person
    /// is made as <see cref="IdentifyAsync"/> makes one (names from the rows, the lists' sources, dates the rows agree
    /// on, SYNTHETIC when the rows are invented); clusters that mix invented and real rows are skipped.
    /// </summary>
    public async Task<ListResult<SettledIdentification>> IdentifySettledAsync(Classification classification, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.CanWrite(by.Role, ListClassification) || !AccessPolicy.CanWrite(by.Role, classification))
        {
            return await RefusedAsync<SettledIdentification>(by, "identify list rows", cancellationToken);
        }

        if (classification == Classification.ProtectedIdentity)
        {
            return Fail<SettledIdentification>(new ListProblem("classification", "a protected person is made with `dossier identity seal`, never from list rows"));
        }

        var actor = Actor.Of(by, reason);
        if (CheckActor(actor) is { } actorProblem)
        {
            return Fail<SettledIdentification>(actorProblem);
        }

        if (await PlanSettledAsync(classification, cancellationToken) is not { } plan)
        {
            return Fail<SettledIdentification>(new ListProblem("run", "no linkage run yet: run `dossier list link` first"));
        }

        var (run, people, _) = plan;
        var kinds = await store.KindsOfAsync([.. people.SelectMany(p => p.Person.Sources).Distinct(StringComparer.Ordinal)], cancellationToken);
        var invalid = people.SelectMany(p => RecordValidator.Validate(p.Person, id => kinds.TryGetValue(id, out var kind) ? kind : null)).ToList();
        if (invalid.Count > 0)
        {
            return Fail<SettledIdentification>([.. invalid.Select(e => new ListProblem("person", e.ToString()))]);
        }

        IEnumerable<NewEntry> Appended()
        {
            foreach (var (person, clusterRows) in people)
            {
                yield return Entry(Entries.RecordCreated, new RecordCreatedBody(person), actor);
                yield return Entry(Entries.ListRowsIdentified, new ListEntries.RowsIdentifiedBody(person.Id, run, [.. clusterRows.Select(r => r.Key)]), actor);
            }
        }

        try
        {
            await store.AppendAllAsync(Appended(), cancellationToken);
        }
        catch (AppendConflictException conflict)
        {
            return Fail<SettledIdentification>(new ListProblem("person", conflict.Message + " Nothing was written; try again."));
        }

        return new ListResult<SettledIdentification>(plan.Summary(), []);
    }

    /// <summary>What <see cref="IdentifySettledAsync"/> would make now, without writing anything (null before the first linkage run).</summary>
    public async Task<SettledIdentification?> PreviewSettledAsync(CancellationToken cancellationToken) =>
        (await PlanSettledAsync(Classification.Internal, cancellationToken))?.Summary();

    private sealed record SettledPlan(long Run, List<(Person Person, IReadOnlyList<ListRow> Rows)> People, (int Uncertain, int Identified, int Mixed) Left)
    {
        public SettledIdentification Summary() =>
            new([.. People.Select(p => new IdentifiedCluster(p.Person.Id, p.Rows))], Left.Uncertain, Left.Identified, Left.Mixed);
    }

    // The clusters of the current clustering, each either a person to make or a reason to leave it; ids follow the
    // clusters' first rows in order, so the same ledger state gives the same ids.
    private async Task<SettledPlan?> PlanSettledAsync(Classification classification, CancellationToken cancellationToken)
    {
        if (await Lists.LatestRunAsync(cancellationToken) is not { } run)
        {
            return null;
        }

        var clusterOf = await Lists.ClustersAsync(cancellationToken);
        var rows = (await Lists.RowsByKeyAsync([.. clusterOf.Keys], cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var identified = await LivePeopleOfRowsAsync([.. rows.Values], cancellationToken);
        var open = (await ReviewQueueAsync(includeDecided: false, cancellationToken)).SelectMany(i => new[] { i.Pair.A, i.Pair.B }).ToHashSet(StringComparer.Ordinal);
        var lists = (await Lists.ListsAsync(cancellationToken)).ToDictionary(l => l.ListId, StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var people = new List<(Person Person, IReadOnlyList<ListRow> Rows)>();
        int uncertain = 0, already = 0, mixed = 0;
        var clusters = clusterOf.GroupBy(c => c.Value, c => c.Key, StringComparer.Ordinal)
            .Select(g => g.Where(rows.ContainsKey).Order(StringComparer.Ordinal).Select(k => rows[k]).ToList())
            .Where(c => c.Count > 0)
            .OrderBy(c => c[0].Key, StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            if (cluster.Any(r => identified.ContainsKey(r.Key)))
            {
                already++;
            }
            else if (cluster.Any(r => open.Contains(r.Key)))
            {
                uncertain++;
            }
            else if (cluster.Any(r => r.Synthetic) && cluster.Any(r => !r.Synthetic))
            {
                mixed++;
            }
            else
            {
                var wanted = DefaultPersonId(cluster[0]);
                var id = wanted;
                for (var n = 2; !taken.Add(id) || await store.GetAsync(id, cancellationToken) is not null; n++)
                {
                    id = $"{wanted}-{n.ToString(CultureInfo.InvariantCulture)}";
                }

                var found = FromRows(cluster, lists);
                people.Add((new Person
                {
                    Id = id,
                    Classification = classification,
                    Synthetic = cluster[0].Synthetic,
                    Names = found.Names.Count > 0 ? found.Names : [new PersonName("(name not listed)", "Latn", NameKind.Full)],
                    Born = found.Born,
                    Died = found.Died,
                    Sources = found.Sources,
                }, cluster));
            }
        }

        return new SettledPlan(run.Sequence, people, (uncertain, already, mixed));
    }

    /// <summary>The person each row stands for; a row of a retracted person record is free to be identified again.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LivePeopleOfRowsAsync(IReadOnlyList<ListRow> rows, CancellationToken cancellationToken)
    {
        var people = await Lists.PeopleOfRowsAsync([.. rows.Select(r => r.Key)], cancellationToken);
        var records = await store.GetManyAsync([.. people.Values.Distinct(StringComparer.Ordinal)], cancellationToken);
        return people.Where(p => records.TryGetValue(p.Value, out var record) && !record.Retracted).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>The id offered for a person made from a row: <c>victim-LIST-ROW</c> (<c>syn-…</c> for an invented row), made a valid id.</summary>
    public static string DefaultPersonId(ListRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var text = new StringBuilder(row.Synthetic ? "syn-victim-" : "victim-");
        foreach (var c in $"{row.ListId}-{row.RowId}")
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-' ? c : '-');
        }

        return text.Length <= 120 ? text.ToString() : text.ToString(0, 120);
    }

    private async Task<ListResult<Identification>> CreatePersonAsync(IdentifyRequest request, ListRow row, IReadOnlyList<ListRow> fresh, FoundOnRows found,
        bool synthetic, long run, Principal by, Actor actor, CancellationToken cancellationToken)
    {
        if (request.Classification == Classification.ProtectedIdentity)
        {
            return Fail<Identification>(new ListProblem("classification", "a protected person is made with `dossier identity seal`, never from list rows"));
        }

        if (!AccessPolicy.CanWrite(by.Role, request.Classification))
        {
            return await RefusedAsync<Identification>(by, "create record", cancellationToken);
        }

        var id = request.NewPersonId ?? await FreeIdAsync(DefaultPersonId(row), cancellationToken);
        if (!RecordValidator.IsValidId(id))
        {
            return Fail<Identification>(new ListProblem("id", $"'{id}' is not a valid id (letters, digits, . _ : -; at most 128)"));
        }

        if (await store.GetAsync(id, cancellationToken) is not null)
        {
            return Fail<Identification>(new ListProblem("id", $"a record with id '{id}' already exists: join the rows to it, or choose another id"));
        }

        var person = new Person
        {
            Id = id,
            Classification = request.Classification,
            Synthetic = synthetic,
            Names = found.Names.Count > 0 ? found.Names : [new PersonName("(name not listed)", "Latn", NameKind.Full)],
            Born = found.Born,
            Died = found.Died,
            Sources = found.Sources,
        };
        return await AppendIdentificationAsync(Entry(Entries.RecordCreated, new RecordCreatedBody(person), actor), person, fresh, run, created: true, actor, cancellationToken);
    }

    private async Task<ListResult<Identification>> JoinPersonAsync(string personId, IReadOnlyList<ListRow> fresh, FoundOnRows found,
        bool synthetic, long run, Principal by, Actor actor, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(personId, cancellationToken);
        if (current is not null && !AccessPolicy.CanRead(by.Role, current.Record.Classification))
        {
            // A record this person cannot read does not exist for them: the same answer as a missing one.
            await _audit.DeniedAsync(by, "identify list rows", personId, cancellationToken);
            current = null;
        }

        if (current is null || current.Retracted || current.Record is not Person person)
        {
            return Fail<Identification>(new ListProblem("person", $"no person record '{personId}'"));
        }

        if (!AccessPolicy.CanWrite(by.Role, person.Classification))
        {
            return await RefusedAsync<Identification>(by, "revise record", cancellationToken);
        }

        if (person.Synthetic != synthetic)
        {
            return Fail<Identification>(new ListProblem("person", synthetic
                ? $"'{personId}' is a real person's record; invented (SYNTHETIC) rows never join it"
                : $"'{personId}' is an invented (SYNTHETIC) person; rows of real lists never join it"));
        }

        var names = person.Names.ToList();
        var keys = names.Select(NameKey).ToHashSet(StringComparer.Ordinal);
        names.AddRange(found.Names.Where(n => keys.Add(NameKey(n))));
        var sources = person.Sources.Concat(found.Sources).Distinct(StringComparer.Ordinal).ToList();
        var revised = person with { Names = names, Sources = sources };
        var changed = names.Count != person.Names.Count || sources.Count != person.Sources.Count;
        // Nothing new on the rows: the link alone is written, and the record keeps its version.
        var recordEntry = changed ? Entry(Entries.RecordRevised, new RecordRevisedBody(revised, current.Version), actor) : null;
        return await AppendIdentificationAsync(recordEntry, revised, fresh, run, created: false, actor, cancellationToken);
    }

    private async Task<ListResult<Identification>> AppendIdentificationAsync(NewEntry? recordEntry, Person person, IReadOnlyList<ListRow> rows, long run,
        bool created, Actor actor, CancellationToken cancellationToken)
    {
        var kinds = await store.KindsOfAsync(person.Sources, cancellationToken);
        var invalid = RecordValidator.Validate(person, id => kinds.TryGetValue(id, out var kind) ? kind : null);
        if (invalid.Count > 0)
        {
            return Fail<Identification>([.. invalid.Select(e => new ListProblem("person", e.ToString()))]);
        }

        var link = Entry(Entries.ListRowsIdentified, new ListEntries.RowsIdentifiedBody(person.Id, run, [.. rows.Select(r => r.Key)]), actor);
        IReadOnlyList<LedgerEntry> appended;
        try
        {
            appended = await store.AppendAsync(recordEntry is null ? [link] : [recordEntry, link], cancellationToken);
        }
        catch (AppendConflictException conflict)
        {
            return Fail<Identification>(new ListProblem("person", conflict.Message + " Nothing was written; try again."));
        }

        var envelope = await store.GetAsync(person.Id, cancellationToken) ?? throw new InvalidOperationException($"'{person.Id}' vanished after its append");
        return new ListResult<Identification>(new Identification(envelope, rows, created, appended[^1].Sequence), []);
    }

    private async Task<string> FreeIdAsync(string wanted, CancellationToken cancellationToken)
    {
        var id = wanted;
        for (var n = 2; await store.GetAsync(id, cancellationToken) is not null; n++)
        {
            id = $"{wanted}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return id;
    }

    private static string NameKey(PersonName name) => $"{name.Kind}:{NameNormalizer.Normalize(name.Text)}";

    private sealed record FoundOnRows(IReadOnlyList<PersonName> Names, IReadOnlyList<string> Sources, FuzzyDate? Born, FuzzyDate? Died);

    /// <summary>Every spelling the rows give (by the lists' column roles), the lists' sources, and dates the rows agree on.</summary>
    private static FoundOnRows FromRows(IReadOnlyList<ListRow> rows, IReadOnlyDictionary<string, VictimList> lists)
    {
        var names = new List<PersonName>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string text, NameKind kind)
        {
            text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var name = new PersonName(text, NameNormalizer.DetectScript(text) == Script.Latin ? "Latn" : "Arab", kind);
            if (text.Length > 0 && seen.Add(NameKey(name)))
            {
                names.Add(name);
            }
        }

        var born = new List<string>();
        var died = new List<string>();
        foreach (var row in rows)
        {
            var fields = lists.TryGetValue(row.ListId, out var list) ? list.Fields : [];
            string Value(string role) => string.Join(' ', fields.Where(f => f.Role == role)
                .Select(f => row.Values.TryGetValue(f.Column, out var v) ? v.Trim() : string.Empty).Where(v => v.Length > 0));
            var given = Value("given-name");
            var family = Value("family-name");
            Add(Value("full-name"), NameKind.Full);
            Add($"{given} {family}", NameKind.Full);
            Add(given, NameKind.Given);
            Add(family, NameKind.Family);
            // "other-name" holds a father's name (nam_pedar) or an alias; the column says which.
            foreach (var other in fields.Where(f => f.Role == "other-name"))
            {
                Add(row.Values.TryGetValue(other.Column, out var v) ? v : string.Empty, IsFatherColumn(other.Column) ? NameKind.Father : NameKind.Alias);
            }

            born.Add(Value("birth-date"));
            died.Add(Value("death-date"));
        }

        var sources = rows.Select(r => lists.TryGetValue(r.ListId, out var l) ? l.SourceId : null).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new FoundOnRows(names, sources, Agreed(born), Agreed(died));
    }

    private static bool IsFatherColumn(string column) =>
        column.Contains("father", StringComparison.OrdinalIgnoreCase) || column.Contains("pedar", StringComparison.OrdinalIgnoreCase) || column.Contains("پدر", StringComparison.Ordinal);

    // A date goes on the record only when every row that gives one gives the same; disagreements stay on the rows.
    private static FuzzyDate? Agreed(IEnumerable<string> values)
    {
        var dates = new List<FuzzyDate>();
        foreach (var value in values.Where(v => v.Length > 0))
        {
            if (!FuzzyDate.TryParse(value, out var date, out _))
            {
                return null;
            }

            dates.Add(date);
        }

        return dates.Count > 0 && dates.All(d => d.Equals(dates[0])) ? dates[0] : null;
    }
}
