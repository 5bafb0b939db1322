using Dossier.Text;

namespace Dossier.Testimony;

/// <summary>Why two statements of one allegation and stance are in the same line of proof.</summary>
public enum JoinReason
{
    /// <summary>Both are statements of one witness.</summary>
    SameWitness,

    /// <summary>Both witnesses came through the same intermediary.</summary>
    SameIntermediary,

    /// <summary>The two texts are near-copies (possibly coached).</summary>
    NearCopy,
}

/// <summary>One reason two statements are joined: a witness or an intermediary they share, or their near-copy score.</summary>
public sealed record Join(string LeftId, string RightId, JoinReason Reason, string? Shared, double? Score)
{
    public override string ToString() => Reason switch
    {
        JoinReason.SameWitness => $"{LeftId} and {RightId}: same witness {Shared}",
        JoinReason.SameIntermediary => $"{LeftId} and {RightId}: same intermediary {Shared}",
        _ => $"{LeftId} and {RightId}: near-copies (score {Score:0.00})",
    };
}

/// <summary>One independent line of proof: its statements (ordinal order) and every join that holds them together.</summary>
public sealed record ProofLine(IReadOnlyList<string> StatementIds, IReadOnlyList<Join> Joins);

/// <summary>
/// Shared interviewer or organisation between two lines: shown, never merged (issue 14 §4). <paramref name="What"/> is
/// "interviewer" or "organization".
/// </summary>
public sealed record LineWarning(string What, string Shared, IReadOnlyList<int> Lines)
{
    public override string ToString() => $"lines {string.Join(", ", Lines.Select(l => l + 1))} share the {What} {Shared}";
}

/// <summary>The lines of proof of one allegation and stance.</summary>
public sealed record AllegationLines(string AllegationId, Stance Stance, IReadOnlyList<string> Statements, IReadOnlyList<ProofLine> Lines, IReadOnlyList<LineWarning> Warnings);

/// <summary>
/// Counts independent lines of proof (issue 14 §4; ADR 1401): per allegation and stance, two statements are in
/// one line when they come from the same witness, came through the same intermediary, or are near-copies;
/// the lines are the connected components. Intermediaries, interviewers and organisations compare by their
/// normalised names (so "Iran HRM" and "iran-hrm" are one); witness ids compare exactly.
/// </summary>
public static class IndependentLines
{
    /// <summary>
    /// Every allegation in <paramref name="statements"/> with both stances (a stance no statement takes has no
    /// statements and no lines), ordered by allegation id (ordinal), supports first.
    /// </summary>
    public static IReadOnlyList<AllegationLines> Count(IReadOnlyList<Statement> statements, IEnumerable<NearCopy> nearCopies)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(nearCopies);
        var copiesOf = new Dictionary<string, List<NearCopy>>(StringComparer.Ordinal);
        foreach (var pair in nearCopies)
        {
            Add(copiesOf, pair.LeftId, pair);
            Add(copiesOf, pair.RightId, pair);
        }

        var groups = statements.GroupBy(s => (s.AllegationId, s.Stance)).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
        var result = new List<AllegationLines>();
        foreach (var allegation in statements.Select(s => s.AllegationId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            foreach (var stance in new[] { Stance.Supports, Stance.Contradicts })
            {
                result.Add(groups.TryGetValue((allegation, stance), out var group)
                    ? LinesOf(allegation, stance, group, copiesOf)
                    : new AllegationLines(allegation, stance, [], [], []));
            }
        }

        return result;
    }

    private static AllegationLines LinesOf(string allegation, Stance stance, List<Statement> group, Dictionary<string, List<NearCopy>> copiesOf)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < group.Count; i++)
        {
            position[group[i].Id] = i;
        }

        var joins = new List<(int A, int B, Join Join)>();
        JoinShared(group, s => s.WitnessId, JoinReason.SameWitness, joins);
        JoinShared(group, s => Key(s.Intermediary), JoinReason.SameIntermediary, joins);
        foreach (var statement in group)
        {
            if (!copiesOf.TryGetValue(statement.Id, out var copies))
            {
                continue;
            }

            foreach (var copy in copies)
            {
                // Each pair once: from its left statement, and only when both are in this allegation and stance.
                if (string.Equals(copy.LeftId, statement.Id, StringComparison.Ordinal) && position.TryGetValue(copy.RightId, out var other))
                {
                    joins.Add((position[statement.Id], other, new Join(copy.LeftId, copy.RightId, JoinReason.NearCopy, null, copy.Score)));
                }
            }
        }

        var parent = Enumerable.Range(0, group.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        foreach (var (a, b, _) in joins)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        // Lines in the order of their first statement (by id), so line numbers are stable.
        var lineOfRoot = new Dictionary<int, int>();
        var members = new List<List<int>>();
        for (var i = 0; i < group.Count; i++)
        {
            var root = Find(i);
            if (!lineOfRoot.TryGetValue(root, out var line))
            {
                line = members.Count;
                lineOfRoot[root] = line;
                members.Add([]);
            }

            members[line].Add(i);
        }

        var lines = members.Select((m, line) => new ProofLine(
            [.. m.Select(i => group[i].Id)],
            [.. joins.Where(j => lineOfRoot[Find(j.A)] == line).Select(j => j.Join)])).ToList();

        var warnings = new List<LineWarning>();
        Warn(group, members, s => s.Interviewer, "interviewer", warnings);
        Warn(group, members, s => s.Organization, "organization", warnings);
        return new AllegationLines(allegation, stance, [.. group.Select(s => s.Id)], lines, warnings);
    }

    // Statements sharing a value are chained (first–second, second–third …): enough to connect them, and each join names the value.
    private static void JoinShared(List<Statement> group, Func<Statement, string> key, JoinReason reason, List<(int, int, Join)> joins)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < group.Count; i++)
        {
            var value = key(group[i]);
            if (value.Length == 0)
            {
                continue;
            }

            if (first.TryGetValue(value, out var previous))
            {
                var shared = reason == JoinReason.SameWitness ? group[i].WitnessId : group[i].Intermediary;
                joins.Add((previous, i, new Join(group[previous].Id, group[i].Id, reason, shared, null)));
            }

            first[value] = i;
        }
    }

    private static void Warn(List<Statement> group, List<List<int>> members, Func<Statement, string> value, string what, List<LineWarning> warnings)
    {
        if (members.Count < 2)
        {
            return;
        }

        var linesOf = new SortedDictionary<string, (string Shown, SortedSet<int> Lines)>(StringComparer.Ordinal);
        for (var line = 0; line < members.Count; line++)
        {
            foreach (var i in members[line])
            {
                var key = Key(value(group[i]));
                if (key.Length == 0)
                {
                    continue;
                }

                if (!linesOf.TryGetValue(key, out var entry))
                {
                    entry = (value(group[i]), []);
                    linesOf[key] = entry;
                }

                entry.Lines.Add(line);
            }
        }

        warnings.AddRange(linesOf.Values.Where(e => e.Lines.Count > 1).Select(e => new LineWarning(what, e.Shown, [.. e.Lines])));
    }

    private static string Key(string name) => NameNormalizer.Normalize(name);

    private static void Add(Dictionary<string, List<NearCopy>> map, string id, NearCopy pair)
    {
        if (!map.TryGetValue(id, out var list))
        {
            list = [];
            map[id] = list;
        }

        list.Add(pair);
    }
}
