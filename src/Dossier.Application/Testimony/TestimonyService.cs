using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testimony;
using EngineStance = Dossier.Testimony.Stance;
using EngineStatement = Dossier.Testimony.Statement;
using Statement = Dossier.Domain.Records.Statement;
using Stance = Dossier.Domain.Records.Stance;

namespace Dossier.Application.Testimony;

/// <summary>
/// A statement as the analysis sees it: the record, its interview, its words (opened when sealed) and whether it
/// counts. A statement whose consent was withdrawn, or whose words were shredded with its witness's key, is
/// shown as such and left out of every count.
/// </summary>
public sealed record StatementView(Statement Record, Interview Interview, string? Text, IReadOnlyList<StatementTranslation> Translations, StatementAccess Access)
{
    public string Id => Record.Id;

    public string WitnessId => Interview.WitnessId;

    public bool Withdrawn => Interview.Consent.Withdrawn is not null;

    /// <summary>Whether the statement takes part in lines, near-copies and contradictions.</summary>
    public bool Counted => !Withdrawn && Access is StatementAccess.Plain or StatementAccess.Opened;
}

public enum ContradictionKind
{
    /// <summary>Statements support and contradict one allegation.</summary>
    OpposingStances,

    /// <summary>Two statements place one person in two places at the same time.</summary>
    TwoPlacesAtOnce,

    /// <summary>Statements date one event incompatibly, with each other or with the event's own date.</summary>
    EventDates,
}

/// <summary>
/// One contradiction (issue 14 §6): the statements in conflict, the allegations they bear on, and what they
/// disagree about (<see cref="PersonId"/>, <see cref="PlaceIds"/>, <see cref="EventId"/>, <see cref="Times"/>).
/// </summary>
public sealed record Contradiction(ContradictionKind Kind, IReadOnlyList<string> StatementIds, IReadOnlyList<string> AllegationIds)
{
    public string? PersonId { get; init; }

    public IReadOnlyList<string> PlaceIds { get; init; } = [];

    public string? EventId { get; init; }

    /// <summary>
    /// The times in conflict, in the order of <see cref="StatementIds"/> (the event's own date last, when it takes part);
    /// for two places at once, <see cref="PlaceIds"/> is in that order too: each statement's place.
    /// </summary>
    public IReadOnlyList<FuzzyDate> Times { get; init; } = [];

    public override string ToString() => Kind switch
    {
        ContradictionKind.OpposingStances => $"{string.Join(", ", AllegationIds)} is both supported and contradicted ({string.Join(", ", StatementIds)})",
        ContradictionKind.TwoPlacesAtOnce => $"{PersonId} placed in {string.Join(" and ", PlaceIds.Distinct(StringComparer.Ordinal))} at the same time: {string.Join("; ", StatementIds.Select((id, i) => $"{id} ({PlaceIds[i]}, {Times[i]})"))}",
        _ => $"{string.Join(" and ", StatementIds)} date {EventId} incompatibly ({string.Join("; ", Times)})",
    };
}

/// <summary>Everything about one allegation: its lines of proof on each side, near-copies among its statements, its contradictions.</summary>
public sealed record AllegationReport(
    Allegation Allegation,
    AllegationLines Supporting,
    AllegationLines Contradicting,
    IReadOnlyList<NearCopy> NearCopies,
    IReadOnlyList<Contradiction> Contradictions,
    IReadOnlyList<StatementView> LeftOut);

/// <summary>The workspace's testimony, analysed for one reader: only what they may read is loaded and counted.</summary>
public sealed record TestimonyReport(
    IReadOnlyList<StatementView> Statements,
    IReadOnlyDictionary<string, Interview> Interviews,
    IReadOnlyList<AllegationReport> Allegations,
    IReadOnlyList<NearCopy> NearCopies,
    IReadOnlyList<Contradiction> Contradictions)
{
    public AllegationReport? For(string allegationId) => Allegations.FirstOrDefault(a => a.Allegation.Id == allegationId);

    public StatementView? Statement(string id) => Statements.FirstOrDefault(s => s.Id == id);

    /// <summary>A witness's statements in the order of what they describe (undated last), then of their interviews.</summary>
    public IReadOnlyList<StatementView> OfWitness(string witnessId) =>
        [.. Statements.Where(s => s.WitnessId == witnessId)
            .OrderBy(s => s.Record.Time is null).ThenBy(s => s.Record.Time).ThenBy(s => s.Interview.Date).ThenBy(s => s.Record.Sequence).ThenBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>The allegations against one accused, most independent supporting lines first.</summary>
    public IReadOnlyList<AllegationReport> Against(string accusedId) =>
        [.. Allegations.Where(a => a.Allegation.AccusedIds.Contains(accusedId, StringComparer.Ordinal))
            .OrderByDescending(a => a.Supporting.Lines.Count).ThenBy(a => a.Allegation.Id, StringComparer.Ordinal)];

    /// <summary>The near-copies that involve <paramref name="statementId"/>.</summary>
    public IEnumerable<NearCopy> CopiesOf(string statementId) => NearCopies.Where(c => c.LeftId == statementId || c.RightId == statementId);
}

/// <summary>
/// The testimony engines of ADR 1401 run on the workspace's own interviews, statements and allegations (issue 14
/// §4–§6): near-copies, independent lines per allegation and stance, contradictions. The same rules as
/// `dossier testimony similar|lines` on a file, so a count can be reproduced outside the workspace.
/// </summary>
public sealed class TestimonyService(IWorkspaceStore store, ProtectionService? protection, NearCopyOptions? options = null)
{
    private const int Page = 1000;

    public async Task<TestimonyReport> AnalyseAsync(Role? reader, CancellationToken cancellationToken)
    {
        var ceiling = AccessPolicy.HighestReadable(reader);
        var interviews = (await AllAsync<Interview>(RecordKind.Interview, ceiling, cancellationToken)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var allegations = await AllAsync<Allegation>(RecordKind.Allegation, ceiling, cancellationToken);
        var events = (await AllAsync<Event>(RecordKind.Event, ceiling, cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var places = (await AllAsync<Place>(RecordKind.Place, ceiling, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var statements = new List<StatementView>();
        foreach (var statement in await AllAsync<Statement>(RecordKind.Statement, ceiling, cancellationToken))
        {
            if (!interviews.TryGetValue(statement.InterviewId, out var interview))
            {
                continue; // an interview the reader may not see: its statements are not theirs to count either
            }

            statements.Add(await ViewAsync(statement, interview, cancellationToken));
        }

        statements.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var counted = statements.Where(s => s.Counted).ToList();
        var detector = new NearCopyDetector(options);
        var copies = detector.FindIndexes(
                [.. counted.Select(s => s.Text ?? string.Empty)],
                [.. counted.Select(s => (IReadOnlyList<string>)[.. s.Record.Allegations.Select(a => a.AllegationId)])],
                out _)
            .Select(p => Pair(counted[p.Left].Id, counted[p.Right].Id, p.Score)).ToList();

        var rows = counted.SelectMany(s => s.Record.Allegations.Select(a => Row(s, a))).ToList();
        var lines = IndependentLines.Count(rows, copies).ToDictionary(l => (l.AllegationId, l.Stance));
        var contradictions = Contradictions(counted, allegations, events, places);
        var reports = allegations.OrderBy(a => a.Id, StringComparer.Ordinal).Select(allegation =>
        {
            var ids = counted.Where(s => s.Record.Allegations.Any(a => a.AllegationId == allegation.Id)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            return new AllegationReport(
                allegation,
                lines.GetValueOrDefault((allegation.Id, EngineStance.Supports)) ?? new AllegationLines(allegation.Id, EngineStance.Supports, [], [], []),
                lines.GetValueOrDefault((allegation.Id, EngineStance.Contradicts)) ?? new AllegationLines(allegation.Id, EngineStance.Contradicts, [], [], []),
                [.. copies.Where(c => ids.Contains(c.LeftId) && ids.Contains(c.RightId))],
                [.. contradictions.Where(c => c.AllegationIds.Contains(allegation.Id, StringComparer.Ordinal))],
                [.. statements.Where(s => !s.Counted && s.Record.Allegations.Any(a => a.AllegationId == allegation.Id))]);
        }).ToList();
        return new TestimonyReport(statements, interviews, reports, copies, contradictions);
    }

    /// <summary>One statement with its words: opened with the witness's key when sealed (ADR 1402).</summary>
    public async Task<StatementView> ViewAsync(Statement statement, Interview interview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(interview);
        if (statement.Sealed is null)
        {
            return new StatementView(statement, interview, statement.Text, statement.Translations, StatementAccess.Plain);
        }

        if (protection is null)
        {
            return new StatementView(statement, interview, null, [], StatementAccess.KeyUnavailable);
        }

        var (content, status) = await protection.OpenStatementAsync(statement, interview.WitnessId, cancellationToken);
        return new StatementView(statement, interview, content?.Text, content?.Translations ?? [], status);
    }

    private async Task<List<T>> AllAsync<T>(RecordKind kind, Classification ceiling, CancellationToken cancellationToken)
        where T : Record
    {
        var records = new List<T>();
        for (var offset = 0; ; offset += Page)
        {
            var batch = await store.ListAsync(kind, ceiling, offset, Page, cancellationToken);
            records.AddRange(batch.Where(e => !e.Retracted).Select(e => (T)e.Record));
            if (batch.Count < Page)
            {
                return records;
            }
        }
    }

    private static NearCopy Pair(string a, string b, double score) =>
        string.CompareOrdinal(a, b) < 0 ? new NearCopy(a, b, score) : new NearCopy(b, a, score);

    // The engine's statement row: one per allegation the statement bears on, with the interview's people.
    private static EngineStatement Row(StatementView statement, StatementAllegation allegation) => new(
        statement.Id,
        statement.WitnessId,
        allegation.AllegationId,
        allegation.Stance == Stance.Supports ? EngineStance.Supports : EngineStance.Contradicts,
        statement.Interview.InterviewerId ?? statement.Interview.Interviewer ?? string.Empty,
        // The intermediary as lines compare it: the record id, else the name.
        statement.Interview.IntermediaryId ?? statement.Interview.Intermediary ?? string.Empty,
        statement.Interview.OrganizationId ?? string.Empty,
        statement.Record.Language ?? statement.Interview.Language ?? string.Empty,
        statement.Text ?? string.Empty);

    private static List<Contradiction> Contradictions(List<StatementView> counted, List<Allegation> allegations, Dictionary<string, Event> events, Dictionary<string, Place> places)
    {
        var byId = allegations.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var found = new List<Contradiction>();
        foreach (var allegation in allegations.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var supporting = counted.Where(s => s.Record.Allegations.Contains(new StatementAllegation(allegation.Id, Stance.Supports))).Select(s => s.Id).ToList();
            var contradicting = counted.Where(s => s.Record.Allegations.Contains(new StatementAllegation(allegation.Id, Stance.Contradicts))).Select(s => s.Id).ToList();
            if (supporting.Count > 0 && contradicting.Count > 0)
            {
                found.Add(new Contradiction(ContradictionKind.OpposingStances, [.. supporting, .. contradicting], [allegation.Id]));
            }
        }

        found.AddRange(TwoPlaces(counted, byId, places));
        found.AddRange(EventDates(counted, events));
        return found;
    }

    // Where a statement puts people: its own place and time, and — when it supports an allegation that names a
    // place — the accused at that place, at the statement's time or else the allegation's.
    private static IEnumerable<(string Person, string Place, FuzzyDate Time, StatementView Statement)> Placements(StatementView statement, Dictionary<string, Allegation> allegations)
    {
        if (statement.Record.PlaceIds.Count == 1 && statement.Record.Time is { } time)
        {
            foreach (var person in statement.Record.PersonIds)
            {
                yield return (person, statement.Record.PlaceIds[0], time, statement);
            }
        }

        foreach (var link in statement.Record.Allegations.Where(a => a.Stance == Stance.Supports))
        {
            if (allegations.TryGetValue(link.AllegationId, out var allegation) && allegation.PlaceId is { } place && (statement.Record.Time ?? allegation.Time) is { } when)
            {
                foreach (var accused in allegation.AccusedIds)
                {
                    yield return (accused, place, when, statement);
                }
            }
        }
    }

    private static IEnumerable<Contradiction> TwoPlaces(List<StatementView> counted, Dictionary<string, Allegation> allegations, Dictionary<string, Place> places)
    {
        // "At once" needs times of a day or two at most: "summer 1988" in Evin and in Gohardasht is no contradiction.
        var precise = counted.SelectMany(s => Placements(s, allegations))
            .Where(p => p.Time.Latest.DayNumber - p.Time.Earliest.DayNumber <= 1)
            .DistinctBy(p => (p.Person, p.Place, p.Statement.Id))
            .GroupBy(p => p.Person, StringComparer.Ordinal);
        foreach (var person in precise.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Placements whose times chain into one overlapping stretch are one scene; a scene with two places
            // that are not one inside the other is one contradiction, however many statements take each side.
            var sorted = person.OrderBy(p => p.Time.Earliest).ThenBy(p => p.Statement.Id, StringComparer.Ordinal).ToList();
            var scene = new List<(string Person, string Place, FuzzyDate Time, StatementView Statement)>();
            var sceneEnd = DateOnly.MinValue;
            foreach (var placement in sorted.Append(default))
            {
                if (placement.Statement is null || (scene.Count > 0 && placement.Time.Earliest > sceneEnd))
                {
                    if (Conflict(scene, places) is { } contradiction)
                    {
                        yield return contradiction;
                    }

                    scene.Clear();
                }

                if (placement.Statement is not null)
                {
                    sceneEnd = scene.Count == 0 || placement.Time.Latest > sceneEnd ? placement.Time.Latest : sceneEnd;
                    scene.Add(placement);
                }
            }
        }
    }

    private static Contradiction? Conflict(List<(string Person, string Place, FuzzyDate Time, StatementView Statement)> scene, Dictionary<string, Place> places)
    {
        var distinct = scene.Select(p => p.Place).Distinct(StringComparer.Ordinal).ToList();
        var clash = distinct.Any(a => distinct.Any(b => !SamePlace(a, b, places)));
        if (!clash)
        {
            return null;
        }

        var ordered = scene.OrderBy(p => p.Place, StringComparer.Ordinal).ThenBy(p => p.Statement.Id, StringComparer.Ordinal).ToList();
        return new Contradiction(
            ContradictionKind.TwoPlacesAtOnce,
            [.. ordered.Select(p => p.Statement.Id)],
            [.. ordered.SelectMany(p => p.Statement.Record.Allegations).Select(l => l.AllegationId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
        {
            PersonId = scene[0].Person,
            PlaceIds = [.. ordered.Select(p => p.Place)],
            Times = [.. ordered.Select(p => p.Time)],
        };
    }

    // A place and a place inside it (a corridor in Gohardasht, Gohardasht in Karaj) are not two places.
    private static bool SamePlace(string a, string b, Dictionary<string, Place> places) =>
        a == b || Within(a, b, places) || Within(b, a, places);

    private static bool Within(string inner, string outer, Dictionary<string, Place> places)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var at = inner; places.TryGetValue(at, out var place) && place.ParentId is { } parent && seen.Add(at); at = parent)
        {
            if (parent == outer)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Contradiction> EventDates(List<StatementView> counted, Dictionary<string, Event> events)
    {
        var dated = counted.Where(s => s.Record.Time is not null)
            .SelectMany(s => s.Record.EventIds.Select(e => (Event: e, Statement: s, Time: s.Record.Time!.Value)))
            .GroupBy(x => x.Event, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in dated)
        {
            var allegationsOf = group.SelectMany(x => x.Statement.Record.Allegations.Select(a => a.AllegationId)).Distinct(StringComparer.Ordinal).ToList();
            if (events.TryGetValue(group.Key, out var @event) && @event.Date is { } recorded)
            {
                foreach (var outside in group.Where(x => !x.Time.Overlaps(recorded)).OrderBy(x => x.Statement.Id, StringComparer.Ordinal))
                {
                    yield return new Contradiction(ContradictionKind.EventDates, [outside.Statement.Id],
                        [.. outside.Statement.Record.Allegations.Select(a => a.AllegationId)])
                    {
                        EventId = group.Key,
                        Times = [outside.Time, recorded],
                    };
                }
            }

            // Statements that cannot all be right: the one that ends first and the one that starts last do not overlap.
            var endsFirst = group.OrderBy(x => x.Time.Latest).ThenBy(x => x.Statement.Id, StringComparer.Ordinal).First();
            var startsLast = group.OrderByDescending(x => x.Time.Earliest).ThenBy(x => x.Statement.Id, StringComparer.Ordinal).First();
            if (endsFirst.Time.Latest < startsLast.Time.Earliest)
            {
                yield return new Contradiction(ContradictionKind.EventDates, [endsFirst.Statement.Id, startsLast.Statement.Id], allegationsOf)
                {
                    EventId = group.Key,
                    Times = [endsFirst.Time, startsLast.Time],
                };
            }
        }
    }
}
