using System.Globalization;
using Dossier.Linkage;
using Dossier.Linkage.Fields;

namespace Dossier.Benchmarks.Linkage;

/// <summary>
/// Where a deduplication's errors come from: missed pairs by cause (never proposed by blocking, scored
/// below the threshold, or kept apart by clustering) and false pairs (a direct edge or chained through
/// others), each broken down by the pattern of comparison levels, most frequent first.
/// </summary>
internal static class ErrorBreakdown
{
    // Examples of true pairs whose names disagree (DOSSIER_LINKAGE_EXAMPLES=N).
    private static readonly int ExampleCount = int.TryParse(Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_EXAMPLES"), CultureInfo.InvariantCulture, out var n) ? n : 0;

    public static void Print(LinkageResult result, IReadOnlyDictionary<string, string> personOf, double threshold, TextWriter output, int top = 25,
        Func<int, int, string>? kindOfPair = null)
    {
        // Errors by kind (what the generator did to the two rows, or how two different people are related).
        var kinds = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        void Kind(int a, int b, int column)
        {
            if (kindOfPair is null)
            {
                return;
            }

            var kind = kindOfPair(a, b);
            if (!kinds.TryGetValue(kind, out var row))
            {
                kinds[kind] = row = new long[5];
            }

            row[column]++;
        }

        var records = result.Records;
        var clusterOf = result.ClusterOf!;
        var n = records.Count;
        var pairIndex = new Dictionary<long, int>(result.Pairs.Length);
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            pairIndex[((long)Math.Min(a, b) * n) + Math.Max(a, b)] = i;
        }

        var person = PersonIndex(records, personOf);

        // Calibration: candidate pairs by the model's match probability, against the share that are true.
        var bins = new[] { 0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01 };
        var binPairs = new long[bins.Length - 1];
        var binTrue = new long[bins.Length - 1];
        var binSum = new double[bins.Length - 1];
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var p = result.Probabilities[i];
            var bin = 0;
            while (bin < binPairs.Length - 1 && p >= bins[bin + 1])
            {
                bin++;
            }

            binPairs[bin]++;
            binSum[bin] += p;
            if (person[result.Pairs[i].A] == person[result.Pairs[i].B])
            {
                binTrue[bin]++;
            }
        }

        // The same for pairs of two records the clustering left alone (no other record claimed either).
        var clusterSize = new int[n];
        foreach (var cl in clusterOf)
        {
            clusterSize[cl]++;
        }

        var lonePairs = new long[bins.Length - 1];
        var loneTrue = new long[bins.Length - 1];
        var loneSum = new double[bins.Length - 1];
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            if (clusterSize[clusterOf[a]] != 1 || clusterSize[clusterOf[b]] != 1)
            {
                continue;
            }

            var p = result.Probabilities[i];
            var bin = 0;
            while (bin < lonePairs.Length - 1 && p >= bins[bin + 1])
            {
                bin++;
            }

            lonePairs[bin]++;
            loneSum[bin] += p;
            loneTrue[bin] += person[a] == person[b] ? 1 : 0;
        }

        output.WriteLine("CALIBRATION OF PAIRS OF TWO UNCLUSTERED RECORDS: probability bin | pairs | mean probability | share true");
        for (var bin = 0; bin < lonePairs.Length; bin++)
        {
            output.WriteLine(FormattableString.Invariant(
                $"| {bins[bin]:0.00}–{Math.Min(1, bins[bin + 1]):0.00} | {lonePairs[bin]} | {(lonePairs[bin] == 0 ? 0 : loneSum[bin] / lonePairs[bin]):0.000} | {(lonePairs[bin] == 0 ? 0 : (double)loneTrue[bin] / lonePairs[bin]):0.000} |"));
        }

        // Pairs of a record left alone and a record in a group (of any size): a third record missed?
        var halfPairs = new long[bins.Length - 1];
        var halfTrue = new long[bins.Length - 1];
        var halfSum = new double[bins.Length - 1];
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            var sa = clusterSize[clusterOf[a]];
            var sb = clusterSize[clusterOf[b]];
            if (!((sa == 1 && sb > 1) || (sb == 1 && sa > 1)))
            {
                continue;
            }

            var p = result.Probabilities[i];
            var bin = 0;
            while (bin < halfPairs.Length - 1 && p >= bins[bin + 1])
            {
                bin++;
            }

            halfPairs[bin]++;
            halfSum[bin] += p;
            halfTrue[bin] += person[a] == person[b] ? 1 : 0;
        }

        output.WriteLine("CALIBRATION OF PAIRS OF A RECORD ALONE AND A RECORD IN A GROUP: probability bin | pairs | mean probability | share true");
        for (var bin = 0; bin < halfPairs.Length; bin++)
        {
            output.WriteLine(FormattableString.Invariant(
                $"| {bins[bin]:0.00}–{Math.Min(1, bins[bin + 1]):0.00} | {halfPairs[bin]} | {(halfPairs[bin] == 0 ? 0 : halfSum[bin] / halfPairs[bin]):0.000} | {(halfPairs[bin] == 0 ? 0 : (double)halfTrue[bin] / halfPairs[bin]):0.000} |"));
        }

        output.WriteLine("CALIBRATION: probability bin | candidate pairs | mean probability | share true");
        for (var bin = 0; bin < binPairs.Length; bin++)
        {
            output.WriteLine(FormattableString.Invariant(
                $"| {bins[bin]:0.00}–{Math.Min(1, bins[bin + 1]):0.00} | {binPairs[bin]} | {(binPairs[bin] == 0 ? 0 : binSum[bin] / binPairs[bin]):0.000} | {(binPairs[bin] == 0 ? 0 : (double)binTrue[bin] / binPairs[bin]):0.000} |"));
        }

        // Per comparison level, over the undecided candidate pairs (probability 0.01–0.9): the model's mean
        // probability against the share that are true. A level whose share true runs well above its mean
        // probability is weighed too low.
        var levelStats = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var comps = result.Model.Parameters;
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var p = result.Probabilities[i];
            if (p < 0.01 || p >= 0.9)
            {
                continue;
            }

            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            var isTrue = person[a] == person[b];
            var explanation = result.Explain(a, b);
            foreach (var c in explanation.Comparisons)
            {
                var key = c.Column + ":" + c.Level;
                if (!levelStats.TryGetValue(key, out var st))
                {
                    levelStats[key] = st = new double[3];
                }

                st[0]++;
                st[1] += p;
                st[2] += isTrue ? 1 : 0;
            }
        }

        output.WriteLine("LEVEL CALIBRATION (pairs 0.01–0.9): level | pairs | mean probability | share true");
        foreach (var (key, st) in levelStats.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            output.WriteLine(FormattableString.Invariant($"| {key} | {st[0]} | {st[1] / st[0]:0.000} | {st[2] / st[0]:0.000} |"));
        }

        var missed = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var wrong = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        void Add(Dictionary<string, Dictionary<string, int>> into, string cause, string pattern)
        {
            if (!into.TryGetValue(cause, out var counts))
            {
                into[cause] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
        }

        // m from the truth (all true pairs, proposed or not) beside the model's m: how far EM is off.
        var examples = 0;
        var trueLevels = new Dictionary<(string Column, string Level), int>();
        var byPerson = Enumerable.Range(0, n).GroupBy(i => person[i]).Where(g => g.Count() > 1).ToList();
        foreach (var members in byPerson.Select(g => g.ToArray()))
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    foreach (var c in result.Explain(members[x], members[y]).Comparisons)
                    {
                        if (c.Role is Dossier.Linkage.Fields.FieldRole.GivenName or Dossier.Linkage.Fields.FieldRole.FamilyName
                            && c.Level is "else" or "jaro-winkler >= 0.70" && examples++ < ExampleCount)
                        {
                            output.WriteLine($"  true pair, {c.Column} {c.Level}: '{c.LeftValue}' / '{c.RightValue}'");
                        }

                        trueLevels[(c.Column, c.Level)] = trueLevels.GetValueOrDefault((c.Column, c.Level)) + 1;
                    }
                }
            }
        }

        var model = result.Explain(0, 1);
        foreach (var column in trueLevels.Keys.Select(k => k.Column).Distinct())
        {
            var total = trueLevels.Where(k => k.Key.Column == column && k.Key.Level != "missing").Sum(k => k.Value);
            output.WriteLine(column + ": true m " + string.Join(", ", trueLevels.Where(k => k.Key.Column == column)
                .OrderBy(k => k.Key.Level, StringComparer.Ordinal)
                .Select(k => string.Create(CultureInfo.InvariantCulture, $"{Level(k.Key.Level)} {(k.Key.Level == "missing" ? k.Value : (double)k.Value / total):0.####}"))));
        }

        // Missed pairs by probability and by where the two records ended (alone or in groups, sharing a list).
        var situations = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var listColumn = result.Summary.ListColumn;
        var membersOf = new Dictionary<int, List<int>>();
        for (var r = 0; r < n; r++)
        {
            if (clusterSize[clusterOf[r]] > 1)
            {
                if (!membersOf.TryGetValue(clusterOf[r], out var list))
                {
                    membersOf[clusterOf[r]] = list = [];
                }

                list.Add(r);
            }
        }

        string ListOf(int r)
        {
            if (listColumn is null)
            {
                return string.Empty;
            }

            var e = result.Explain(r, r == 0 ? 1 : 0);
            return e.Comparisons.FirstOrDefault(c => c.Column == listColumn)?.LeftValue ?? string.Empty;
        }

        List<int> Members(int r) => clusterSize[clusterOf[r]] == 1 ? [r] : membersOf[clusterOf[r]];

        void Situation(int a, int b, string cause, PairExplanation why)
        {
            if (cause == "not proposed by blocking")
            {
                return;
            }

            var p = why.Probability;
            var band = p < 0.01 ? "<0.01" : p < 0.1 ? "0.01-0.1" : p < 0.2 ? "0.1-0.2" : p < 0.3 ? "0.2-0.3" : p < 0.4 ? "0.3-0.4" : p < 0.5 ? "0.4-0.5" : ">=0.5";
            var (sa, sb) = (clusterSize[clusterOf[a]], clusterSize[clusterOf[b]]);
            var where = sa == 1 && sb == 1 ? "both alone" : sa == 1 || sb == 1 ? "one alone, one in a group" : "both in groups";
            var shareList = string.Empty;
            if (cause == "kept apart by clustering" && listColumn is not null)
            {
                var lists = new HashSet<string>(StringComparer.Ordinal);
                foreach (var r in Members(a))
                {
                    lists.Add(ListOf(r));
                }

                var shared = Members(b).Any(r => lists.Contains(ListOf(r)));
                var cross = new List<double>();
                foreach (var x in Members(a))
                {
                    foreach (var y in Members(b))
                    {
                        cross.Add(result.Explain(x, y).Probability);
                    }
                }

                shareList = (shared ? "; the union holds two rows of one list" : "; no list shared") + (cross.Average() < 0.5 ? "; mean cross < 0.5" : "; mean cross >= 0.5");
            }

            var key = cause + " | " + band + " | " + where + shareList;
            situations[key] = situations.GetValueOrDefault(key) + 1;
        }

        // Missed: pairs of the same person in different clusters.
        var shown = 0;
        foreach (var members in byPerson.Select(g => g.ToArray()))
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    var (a, b) = (members[x], members[y]);
                    if (clusterOf[a] == clusterOf[b])
                    {
                        continue;
                    }

                    var cause = !pairIndex.TryGetValue(((long)Math.Min(a, b) * n) + Math.Max(a, b), out var i) ? "not proposed by blocking"
                        : result.Probabilities[i] < threshold ? "scored below threshold" : "kept apart by clustering";
                    var why = result.Explain(a, b);
                    if (shown++ < ExampleCount / 4)
                    {
                        output.WriteLine($"MISSED ({cause}) {why}");
                    }

                    Add(missed, cause, Pattern(why));
                    Situation(a, b, cause, why);
                    Kind(a, b, cause == "not proposed by blocking" ? 0 : cause == "scored below threshold" ? 1 : 2);
                }
            }
        }

        // False: pairs of different people in one cluster.
        foreach (var members in Enumerable.Range(0, n).GroupBy(i => clusterOf[i]).Where(g => g.Count() > 1).Select(g => g.ToArray()))
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    var (a, b) = (members[x], members[y]);
                    if (person[a] == person[b])
                    {
                        continue;
                    }

                    var direct = pairIndex.TryGetValue(((long)Math.Min(a, b) * n) + Math.Max(a, b), out var i) && result.Probabilities[i] >= threshold;
                    Kind(a, b, direct ? 3 : 4);
                    Add(wrong, direct ? "a direct edge" : "chained through others", Pattern(result.Explain(a, b)));
                }
            }
        }

        output.WriteLine("MISSED BY SITUATION: cause | probability | where the two records ended | pairs");
        foreach (var (key, count) in situations)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {count:N0} |"));
        }

        Write("MISSED", missed, output, top);
        Write("FALSE", wrong, output, top);
        if (kindOfPair is not null)
        {
            output.WriteLine("ERRORS BY KIND: kind | missed: never proposed | missed: scored below | missed: kept apart by clustering | false: direct edge | false: chained");
            foreach (var (kind, row) in kinds.OrderByDescending(k => k.Value.Sum()))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {row[0]:N0} | {row[1]:N0} | {row[2]:N0} | {row[3]:N0} | {row[4]:N0} |"));
            }
        }
    }

    private static void Write(string title, Dictionary<string, Dictionary<string, int>> byCause, TextWriter output, int top)
    {
        foreach (var (cause, counts) in byCause.OrderByDescending(c => c.Value.Values.Sum()))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title} {cause}: {counts.Values.Sum()} pairs"));
            // Per field: how often each level occurs among these pairs.
            var columns = counts.First().Key.Split(' ').Length;
            for (var c = 0; c < columns; c++)
            {
                var levels = counts.GroupBy(p => p.Key.Split(' ')[c]).OrderByDescending(g => g.Sum(p => p.Value))
                    .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Sum(p => p.Value)}"));
                output.WriteLine("    " + string.Join("  ", levels));
            }

            foreach (var (pattern, count) in counts.OrderByDescending(c => c.Value).Take(top))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,7}  {pattern}"));
            }
        }
    }

    // One short token per comparison: column initials and the level's first word.
    private static string Pattern(PairExplanation explanation) =>
        string.Join(' ', explanation.Comparisons.Select(c => $"{Short(c.Column)}:{Level(c.Level)}"));

    private static string Short(string column) => string.Concat(column.Split('_').Select(part => part[..Math.Min(3, part.Length)]));

    private static string Level(string level) => level switch
    {
        "missing" => "-",
        "exact" => "=",
        "else" => "x",
        "same year" => "=y",
        "one year apart" => "±1",
        "two years apart" => "±2",
        "same phonetic key" => "~",
        _ when level.EndsWith("another phonetic key", StringComparison.Ordinal) => "~o",
        _ when level.StartsWith("jaro-winkler >= 0.92", StringComparison.Ordinal) || level.StartsWith("token-sort jaro-winkler >= 0.92", StringComparison.Ordinal) => "~",
        _ when level.Contains(">= 0.85", StringComparison.Ordinal) => "85",
        _ when level.Contains(">= 0.80", StringComparison.Ordinal) => "80",
        _ when level.Contains(">= 0.70", StringComparison.Ordinal) => "70",
        _ => level.Split(' ')[0],
    };

    /// <summary>Each record's true person as a small integer (the order people are first met), for comparing pairs by index.</summary>
    public static int[] PersonIndex(RecordSet records, IReadOnlyDictionary<string, string> personOf)
    {
        var person = new int[records.Count];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < person.Length; i++)
        {
            var p = personOf[records.IdOf(i)];
            if (!ids.TryGetValue(p, out var id))
            {
                ids[p] = id = ids.Count;
            }

            person[i] = id;
        }

        return person;
    }
}
