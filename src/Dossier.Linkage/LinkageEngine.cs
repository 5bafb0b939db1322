using System.Diagnostics;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Clustering;
using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Evaluation;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Model;

namespace Dossier.Linkage;

/// <summary>Progress of a long run: the stage and how far through it (0–1).</summary>
public readonly record struct LinkageProgress(string Stage, double Fraction);

/// <summary>The outcome of a run: scored candidate pairs, the model, clusters (deduplication) and a summary.</summary>
public sealed class LinkageResult
{
    internal LinkageResult(RecordSet records, RecordPair[] pairs, float[] probabilities, LinkageModel model, int[]? clusterOf, LinkageSummary summary)
    {
        Records = records;
        Pairs = pairs;
        Probabilities = probabilities;
        Model = model;
        ClusterOf = clusterOf;
        Summary = summary;
    }

    public RecordSet Records { get; }

    /// <summary>Every candidate pair (record indices).</summary>
    public RecordPair[] Pairs { get; }

    /// <summary>Match probability per candidate pair.</summary>
    public float[] Probabilities { get; }

    public LinkageModel Model { get; }

    /// <summary>Deduplication: per record, the index of the first record of its cluster.</summary>
    public int[]? ClusterOf { get; }

    public LinkageSummary Summary { get; internal set; }

    /// <summary>Pairs at or above the threshold (one-to-one when asked), best first.</summary>
    public IReadOnlyList<(int A, int B, double Probability)> Matches(double threshold, bool oneToOne = false)
    {
        var list = new List<(int A, int B, double Probability)>();
        for (var i = 0; i < Pairs.Length; i++)
        {
            if (Probabilities[i] >= threshold)
            {
                list.Add((Pairs[i].A, Pairs[i].B, Probabilities[i]));
            }
        }

        list.Sort((x, y) => y.Probability != x.Probability ? y.Probability.CompareTo(x.Probability)
            : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        if (!oneToOne)
        {
            return list;
        }

        var usedA = new HashSet<int>();
        var usedB = new HashSet<int>();
        var kept = new List<(int A, int B, double Probability)>();
        foreach (var m in list)
        {
            if (!usedA.Contains(m.A) && !usedB.Contains(m.B))
            {
                usedA.Add(m.A);
                usedB.Add(m.B);
                kept.Add(m);
            }
        }

        return kept;
    }

    /// <summary>Explains the score of two records (indices), candidate pair or not.</summary>
    public PairExplanation Explain(int a, int b) => LinkageEngine.Explain(Records, Model, a, b);
}

/// <summary>
/// The linkage engine: blocking, comparison, Fellegi–Sunter estimation with EM, scoring with
/// term-frequency adjustment, and clustering. Pure: no files, no clock but a stopwatch for the summary.
/// </summary>
public static class LinkageEngine
{
    public static LinkageResult Run(RecordSet records, LinkageOptions? options = null, IProgress<LinkageProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new LinkageOptions();
        var timings = new List<(string, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        void Mark(string stage)
        {
            timings.Add((stage, clock.Elapsed));
            clock.Restart();
        }

        var comparisons = records.Comparisons;
        var rules = options.Rules ?? BlockingRule.Defaults(records.Fields, records.BirthHasDays);
        if (rules.Count == 0)
        {
            throw new ArgumentException("no blocking rule applies to these fields; give rules or fields with names, dates or identifiers", nameof(options));
        }

        if (rules.Count > 64)
        {
            throw new ArgumentException("at most 64 blocking rules", nameof(options));
        }

        progress?.Report(new LinkageProgress("blocking", 0));
        var swapped = options.SwappedNameBlocking ? Blocker.SwappedNames(records) : null;
        var (pairs, keys, blockStats) = Blocker.Generate(records, rules, options.MaxBlockSize, swapped);
        progress?.Report(new LinkageProgress("blocking", 1));
        Mark("blocking");

        var patterns = PatternTable.Compute(comparisons, pairs, keys, options.Threads,
            f => progress?.Report(new LinkageProgress("comparing", f)));
        Mark("comparing");

        progress?.Report(new LinkageProgress("estimating u", 0));
        var u = EstimateU(records, comparisons, options);
        Mark("estimating u");

        progress?.Report(new LinkageProgress("estimating m (EM)", 0));
        var emRuns = new List<EmRun>();
        double[][] m;
        if (options.Labels is { Count: > 0 } labels && options.LabelUse == LabelUse.FixParameters)
        {
            m = MFromLabels(records, comparisons, labels);
        }
        else
        {
            m = EstimateM(records, comparisons, rules, patterns, u, options, emRuns);
        }

        FloorM(m);
        NeutraliseUnseen(m, u, comparisons);
        var totalPairs = records.IsLink
            ? (double)records.LeftCount * (records.Count - records.LeftCount)
            : (double)records.Count * (records.Count - 1) / 2;
        var prior = EstimatePrior(patterns, comparisons, m, u, totalPairs, options);
        if (options.Labels is not { Count: > 0 } || options.LabelUse != LabelUse.FixParameters)
        {
            var anchored = RefitFromAnchors(patterns, comparisons, m, u, totalPairs);
            if (anchored.Any(a => a))
            {
                FloorM(m);
                NeutraliseUnseen(m, u, comparisons);
                if (options.Em == EmStrategy.PerRule && !anchored.All(a => a))
                {
                    // The fields without enough anchors (on a million rows the family name: nothing else is
                    // rare enough to vouch for a pair alone) are fitted again by per-rule EM with the
                    // anchored fields held at their m, which keeps namesakes out of the match class.
                    m = EstimateM(records, comparisons, rules, patterns, u, options, emRuns, m, anchored);
                    FloorM(m);
                    NeutraliseUnseen(m, u, comparisons);
                }

                prior = EstimatePrior(patterns, comparisons, m, u, totalPairs, options);
            }
        }

        if (options.Labels is not { Count: > 0 } || options.LabelUse != LabelUse.FixParameters)
        {
            if (RefitCategoriesOnSurePairs(comparisons, pairs, m, u, prior, options.TermFrequency, !records.IsLink, options.Threads))
            {
                FloorM(m);
                NeutraliseUnseen(m, u, comparisons);
                prior = EstimatePrior(patterns, comparisons, m, u, totalPairs, options);
            }
        }

        var model = new LinkageModel(comparisons, m, u, prior, options.TermFrequency, deduplication: !records.IsLink);
        Mark("estimating m (EM)");

        progress?.Report(new LinkageProgress("scoring", 0));
        var probabilities = Score(model, pairs, patterns, totalPairs, options.Threads);
        Mark("scoring");

        var listLowered = 0L;
        string? listColumn = null;
        int[]? listOf = null;
        if (!records.IsLink && (options.ListGuard || options.ListCompetition) && ListCompetition.ListComparison(comparisons) is var list and >= 0)
        {
            // One person is rarely twice on one list (ADR 1827).
            listColumn = comparisons[list].Column;
            listOf = new int[records.Count];
            for (var r = 0; r < listOf.Length; r++)
            {
                listOf[r] = comparisons[list].TermValue(r);
            }

            if (options.ListCompetition)
            {
                var before = CountAtLeast(probabilities, options.Threshold);
                ListCompetition.Apply(records.Count, pairs, probabilities, listOf, (x, y) => ListCompetition.RepeatProbability(model, list, x, y), options.Threads);
                listLowered = before - CountAtLeast(probabilities, options.Threshold);
                Mark("list competition");
            }
        }

        int[]? clusterOf = null;
        var clusters = 0;
        var refused = 0;
        var loneFactor = 1.0;
        var loneLinked = 0;
        if (!records.IsLink)
        {
            progress?.Report(new LinkageProgress("clustering", 0));
            (clusterOf, clusters, refused, loneFactor, loneLinked) = Clusterer.Run(records.Count, pairs, probabilities, model, options.Threshold,
                options.ClusterCoherence, options.CoherenceSample, options.LonePairs, options.ListGuard ? listOf : null);
            Mark("clustering");
        }

        // After clustering: a lone pair it joined carries its updated probability (ADR 1815).
        var matches = CountAtLeast(probabilities, options.Threshold);

        PairwiseScore? labelScore = null;
        if (options.Labels is { Count: > 0 } evaluate)
        {
            labelScore = ScoreLabels(records, model, evaluate, options.Threshold, clusterOf);
        }

        var summary = new LinkageSummary
        {
            Records = records.Count,
            CandidatePairs = pairs.Length,
            Blocking = blockStats,
            Patterns = patterns.PatternCount,
            Em = emRuns,
            Model = model,
            ExpectedMatches = model.PriorProbability * totalPairs,
            Matches = matches,
            Clusters = clusters,
            RefusedMerges = refused,
            LoneFactor = loneFactor,
            LonePairsLinked = loneLinked,
            ListColumn = listColumn,
            ListCompetitionLowered = listLowered,
            ListGuard = listOf is not null && options.ListGuard,
            LabelScore = labelScore,
            Notes = records.Notes,
            Timings = timings,
        };
        progress?.Report(new LinkageProgress("done", 1));
        return new LinkageResult(records, pairs, probabilities, model, clusterOf, summary);
    }

    private static long CountAtLeast(float[] probabilities, double threshold)
    {
        long count = 0;
        foreach (var p in probabilities)
        {
            if (p >= threshold)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// u from random pairs drawn with a fixed seed; for exact agreement on text and codes, the exact
    /// chance from value counts (sampling would miss rare agreements on near-unique values).
    /// </summary>
    // Two random pairs per record, at least 10,000: exact agreement's u comes from value counts, so the
    // sample only has to place the fuzzy levels; FEBRL and the synthetic lists score the same with ten
    // per record, at a fifth of the cost (u was most of a small run's time).
    private const long SampleFloor = 10_000;
    private const long SamplePerRecord = 2;

    private static double[][] EstimateU(RecordSet records, Comparison[] comparisons, LinkageOptions options)
    {
        var k = comparisons.Length;
        var n = records.Count;
        var left = records.IsLink ? records.LeftCount : n;
        var right = records.IsLink ? n - records.LeftCount : n;
        var samples = (int)Math.Min(options.RandomPairs, Math.Max(SampleFloor, SamplePerRecord * n));
        const int Chunks = 64;
        var perChunk = (samples + Chunks - 1) / Chunks;
        var counts = new long[Chunks][];
        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, chunk =>
        {
            // HashCode.Combine is seeded per process; a fixed mix keeps u (and so every score) the same run to run.
            var random = new Random(unchecked((options.Seed * 1_000_003) + chunk));
            var local = new long[k * 9];
            for (var s = 0; s < perChunk; s++)
            {
                int a, b;
                if (records.IsLink)
                {
                    a = random.Next(left);
                    b = left + random.Next(right);
                }
                else
                {
                    a = random.Next(n);
                    b = random.Next(n - 1);
                    if (b >= a)
                    {
                        b++;
                    }
                }

                for (var c = 0; c < k; c++)
                {
                    var level = comparisons[c].Compare(a, b);
                    if (level != Comparison.Missing)
                    {
                        local[(c * 9) + level]++;
                    }
                }
            }

            counts[chunk] = local;
        });

        var u = new double[k][];
        for (var c = 0; c < k; c++)
        {
            var levels = comparisons[c].LevelCount;
            var sums = new double[levels];
            double total = 0;
            for (var l = 0; l < levels; l++)
            {
                foreach (var chunk in counts)
                {
                    sums[l] += chunk[(c * 9) + l];
                }

                total += sums[l];
            }

            u[c] = new double[levels];
            var floor = 1.0 / Math.Max(1, total + 1);
            for (var l = 0; l < levels; l++)
            {
                u[c][l] = total > 0 ? Math.Max(sums[l] / total, floor) : 1.0 / levels;
            }

            var exact = comparisons[c].ExactAgreementByFrequency(records.LeftCount, records.IsLink);
            if (!double.IsNaN(exact) && exact > 0)
            {
                // Replace level 0 and rescale the rest so the levels still sum to 1.
                var rest = 0.0;
                for (var l = 1; l < levels; l++)
                {
                    rest += u[c][l];
                }

                u[c][0] = exact;
                for (var l = 1; l < levels; l++)
                {
                    u[c][l] = rest > 0 ? u[c][l] / rest * (1 - exact) : (1 - exact) / (levels - 1);
                }
            }
        }

        return u;
    }

    /// <summary>
    /// m by EM, once per blocking rule over the pairs that rule makes, leaving the rule's own fields
    /// out (among pairs that share a surname the surname is no evidence); each comparison's m is the
    /// average over the rules where it took part, weighted by the matches each rule found. A field
    /// every rule blocks on falls back to one EM over all pairs with u free.
    /// </summary>
    private static double[][] EstimateM(RecordSet records, Comparison[] comparisons, IReadOnlyList<BlockingRule> rules,
        PatternTable patterns, double[][] u, LinkageOptions options, List<EmRun> runs, double[][]? known = null, bool[]? fixedM = null)
    {
        var k = comparisons.Length;
        var start = known ?? InitialM(comparisons);
        var sum = new double[k][];
        var weight = new double[k];
        for (var c = 0; c < k; c++)
        {
            sum[c] = new double[comparisons[c].LevelCount];
        }

        for (var r = 0; r < rules.Count && options.Em == EmStrategy.PerRule; r++)
        {
            var counts = patterns.CountsByRule[r];
            long pairs = 0;
            foreach (var count in counts)
            {
                pairs += count;
            }

            var active = new bool[k];
            var any = false;
            for (var c = 0; c < k; c++)
            {
                active[c] = !UsesColumn(rules[r], comparisons[c], records);
                any |= active[c];
            }

            if (pairs == 0 || !any || !rules[r].EstimatesM)
            {
                runs.Add(new EmRun(rules[r].Name + (rules[r].EstimatesM ? string.Empty : " (proposes pairs only, no EM)"), pairs, 0, true, 0));
                continue;
            }

            var fit = ExpectationMaximisation.Run(patterns.Levels, counts, start, u, 0.1, active, updateU: false,
                options.MaxIterations, options.Tolerance, fixedM);
            // A fit that calls nearly every pair of a big rule a match has found "same block", not
            // "same person" (namesakes crowd the blocks of a million-record list); small, clean
            // rules (an exact id) may legitimately be almost all matches.
            var sane = Separates(fit, active, comparisons, u) && (fit.Lambda < 0.9 || pairs < 50_000);
            runs.Add(new EmRun(rules[r].Name + (fixedM is null ? string.Empty : " (again, anchored fields fixed)")
                + (sane ? string.Empty : " (rejected: its match class does not separate on names or birth)"),
                pairs, fit.Iterations, fit.Converged, fit.Lambda));
            if (!sane)
            {
                continue;
            }

            var matches = fit.Lambda * pairs;
            for (var c = 0; c < k; c++)
            {
                if (!active[c])
                {
                    continue;
                }

                weight[c] += matches;
                for (var l = 0; l < sum[c].Length; l++)
                {
                    sum[c][l] += fit.M[c][l] * matches;
                }
            }
        }

        EmFit? global = null;
        var m = new double[k][];
        for (var c = 0; c < k; c++)
        {
            if (fixedM is not null && known is not null && (fixedM[c] || weight[c] <= 0))
            {
                // Anchored, or no rule fitted it again: keep what is known.
                m[c] = (double[])known[c].Clone();
                continue;
            }

            if (weight[c] > 0)
            {
                m[c] = new double[sum[c].Length];
                for (var l = 0; l < sum[c].Length; l++)
                {
                    m[c][l] = sum[c][l] / weight[c];
                }

                continue;
            }

            if (global is null)
            {
                var all = new bool[k];
                Array.Fill(all, true);
                global = ExpectationMaximisation.Run(patterns.Levels, patterns.Counts, start, u, 0.3, all, updateU: true,
                    options.MaxIterations, options.Tolerance);
                runs.Add(new EmRun("all pairs (u free)", patterns.Counts.Sum(), global.Iterations, global.Converged, global.Lambda));
            }

            m[c] = (double[])global.M[c].Clone();
        }

        return m;
    }

    // Times more pairs than chance would give that a pattern of the other fields must show to be anchors.
    private const double AnchorExcess = 16;

    // Fewest anchor pairs (with the field present) worth refitting a field's m on.
    private const long AnchorFloor = 200;

    /// <summary>
    /// m refitted on anchors (ADR 0413). Per-rule EM assumes that fields agree independently among
    /// non-matches too, which namesakes break (same given and family name, city and prison at once): on a
    /// million rows with many of them EM can take the namesakes for the match class. Anchors do not need
    /// that assumption among non-matches: for each comparison, the candidate pairs are grouped by the
    /// levels of all the other comparisons, and a group is an anchor when it holds at least 16 times the
    /// pairs that random pairs would give it (all pairs × the product of its levels' u) — agreement that
    /// chance cannot explain. Among true matches the fields' errors are independent, so the field's levels
    /// in the anchor groups are its m; a group is chosen without looking at the field. Namesakes do not
    /// pass: their common names and places are what random pairs share often. Returns, per comparison,
    /// whether it had enough anchors to be refitted.
    /// </summary>
    private static bool[] RefitFromAnchors(PatternTable patterns, Comparison[] comparisons, double[][] m, double[][] u, double totalPairs)
    {
        var k = comparisons.Length;
        var changed = new bool[k];
        if (k > 16 || patterns.PatternCount == 0)
        {
            return changed;
        }

        for (var c = 0; c < k; c++)
        {
            // Per group of the other fields' levels: pairs by this field's level.
            var groups = new Dictionary<ulong, double[]>();
            for (var p = 0; p < patterns.PatternCount; p++)
            {
                var levels = patterns.Levels[p];
                ulong key = 0;
                for (var other = 0; other < k; other++)
                {
                    key = (key << 4) | (other == c ? 0xFUL : levels[other] == Comparison.Missing ? 0xEUL : levels[other]);
                }

                if (!groups.TryGetValue(key, out var byLevel))
                {
                    groups[key] = byLevel = new double[m[c].Length + 1];
                }

                byLevel[levels[c] == Comparison.Missing ? m[c].Length : levels[c]] += patterns.Counts[p];
            }

            var counts = new double[m[c].Length];
            double total = 0;
            foreach (var (key, byLevel) in groups)
            {
                // Expected random pairs in this group: all pairs times the chance of each other level.
                var expected = totalPairs;
                var present = 0;
                for (var other = k - 1; other >= 0; other--)
                {
                    var level = (int)((key >> (4 * (k - 1 - other))) & 0xF);
                    if (other != c && level < 0xE)
                    {
                        expected *= u[other][level];
                        present++;
                    }
                }

                double pairs = 0;
                foreach (var n in byLevel)
                {
                    pairs += n;
                }

                if (present == 0 || pairs < AnchorExcess * expected)
                {
                    continue;
                }

                for (var l = 0; l < counts.Length; l++)
                {
                    counts[l] += byLevel[l];
                    total += byLevel[l];
                }
            }

            if (total < AnchorFloor)
            {
                continue;
            }

            for (var l = 0; l < counts.Length; l++)
            {
                m[c][l] = counts[l] / total;
            }

            changed[c] = true;
        }

        return changed;
    }

    // Odds the other fields must give a pair, term frequencies included, for it to count as sure.
    private const double SureWeight = 9.97; // log2(999)

    // Candidate pairs read to find the sure ones; a fixed stride keeps the result the same run to run.
    private const int SurePairSample = 1_000_000;

    /// <summary>
    /// m of a category (the list a row came from, sex) from the candidate pairs the other fields alone make
    /// near-certain, term frequencies included (probability ≥ 0.999 without the category). The anchors
    /// (ADR 0413) judge a group by its levels' u, blind to how common the names are, so groups of namesakes
    /// with a common name pass; namesakes share a list at the random rate (a third of pairs), which takes m
    /// of "same list" to twice the truth on a million rows. Among the pairs kept here, non-matches are at
    /// most one in a thousand. Returns whether any m changed.
    /// </summary>
    private static bool RefitCategoriesOnSurePairs(Comparison[] comparisons, RecordPair[] pairs, double[][] m, double[][] u, double prior,
        bool termFrequency, bool deduplication, int threads)
    {
        threads = Math.Max(1, threads);
        var categories = Enumerable.Range(0, comparisons.Length).Where(c => comparisons[c].Role == FieldRole.Category).ToArray();
        if (categories.Length == 0 || pairs.Length == 0)
        {
            return false;
        }

        var model = new LinkageModel(comparisons, m, u, prior, termFrequency, deduplication);
        var stride = Math.Max(1, pairs.Length / SurePairSample);
        var counts = categories.Select(c => new long[m[c].Length]).ToArray();
        var gate = new Lock();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            var local = categories.Select(c => new long[m[c].Length]).ToArray();
            for (var i = part * stride; i < pairs.Length; i += stride * threads)
            {
                var (a, b) = (pairs[i].A, pairs[i].B);
                var weight = model.Weigh(a, b);
                for (var x = 0; x < categories.Length; x++)
                {
                    var c = categories[x];
                    var level = comparisons[c].Compare(a, b);
                    if (level != Comparison.Missing && weight - model.LevelWeight(c, level) - model.TermWeight(c, level, a, b) >= SureWeight)
                    {
                        local[x][level]++;
                    }
                }
            }

            // Sums of counts: the order the parts finish in does not change them.
            lock (gate)
            {
                for (var x = 0; x < categories.Length; x++)
                {
                    for (var l = 0; l < local[x].Length; l++)
                    {
                        counts[x][l] += local[x][l];
                    }
                }
            }
        });

        var changed = false;
        for (var x = 0; x < categories.Length; x++)
        {
            var total = counts[x].Sum();
            if (total < AnchorFloor)
            {
                continue;
            }

            for (var l = 0; l < counts[x].Length; l++)
            {
                m[categories[x]][l] = (double)counts[x][l] / total;
            }

            changed = true;
        }

        return changed;
    }

    // A level never seen among random pairs has no estimable u (the floor stands in) and EM saw it too
    // rarely to know m: left alone, floor/floor can read as strong evidence (a death date a year apart
    // "weighing" +8 bits). Such levels weigh nothing; full disagreement never counts for a match.
    private static void NeutraliseUnseen(double[][] m, double[][] u, Comparison[] comparisons)
    {
        for (var c = 0; c < comparisons.Length; c++)
        {
            var last = m[c].Length - 1;
            for (var l = 1; l < m[c].Length; l++)
            {
                if (u[c][l] < 1e-5 && m[c][l] <= 1.01e-3)
                {
                    m[c][l] = u[c][l];
                }
            }

            if (m[c][last] > u[c][last])
            {
                m[c][last] = u[c][last];
            }
        }
    }

    // No level is impossible among true matches: EM can drive an m to zero on clean training data
    // (sex never differs), and a zero would make one typo veto a match outright.
    private static void FloorM(double[][] m)
    {
        const double Floor = 1e-3;
        foreach (var levels in m)
        {
            double total = 0;
            for (var l = 0; l < levels.Length; l++)
            {
                levels[l] = Math.Max(levels[l], Floor);
                total += levels[l];
            }

            for (var l = 0; l < levels.Length; l++)
            {
                levels[l] /= total;
            }
        }
    }

    // A rule's EM leaves out the fields it blocks on and fields of the same role (a city and a prison
    // are both places, and one predicts the other among non-matches too). Swapped-name partners stay
    // in: swaps are rare, and excluding them would leave no rule to estimate either name.
    private static bool UsesColumn(BlockingRule rule, Comparison comparison, RecordSet records)
    {
        foreach (var part in rule.Parts)
        {
            if (string.Equals(part.Column, comparison.Column, StringComparison.Ordinal))
            {
                return true;
            }

            if (comparison.Role == FieldRole.Place)
            {
                foreach (var f in records.Fields)
                {
                    if (f.Role == FieldRole.Place && string.Equals(f.Column, part.Column, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    // A fit is kept only if its "match" class is one: on every active name or birth date comparison,
    // full agreement must outweigh disagreement by at least two bits. EM on a block of non-matches
    // that share something else (same city, same prison) can settle on that instead.
    private static bool Separates(EmFit fit, bool[] active, Comparison[] comparisons, double[][] u)
    {
        var checkedAny = false;
        for (var c = 0; c < comparisons.Length; c++)
        {
            if (!active[c] || comparisons[c].Role is not (FieldRole.GivenName or FieldRole.FamilyName or FieldRole.FullName
                or FieldRole.OtherName or FieldRole.BirthDate))
            {
                continue;
            }

            checkedAny = true;
            var last = fit.M[c].Length - 1;
            var agree = Math.Log2(Math.Max(fit.M[c][0], 1e-9) / u[c][0]);
            var disagree = Math.Log2(Math.Max(fit.M[c][last], 1e-9) / u[c][last]);
            if (agree - disagree < 2)
            {
                return false;
            }
        }

        return checkedAny;
    }

    private static double[][] InitialM(Comparison[] comparisons)
    {
        var m = new double[comparisons.Length][];
        for (var c = 0; c < comparisons.Length; c++)
        {
            var levels = comparisons[c].LevelCount;
            m[c] = new double[levels];
            var remaining = 0.15;
            m[c][0] = 0.85;
            for (var l = 1; l < levels; l++)
            {
                var share = l == levels - 1 ? remaining : remaining / 2;
                m[c][l] = share;
                remaining -= share;
            }
        }

        return m;
    }

    /// <summary>
    /// The prior chance that a random pair matches, as the fixed point of "expected matches among
    /// candidates / all pairs": pairs blocking never proposed are taken as non-matches.
    /// </summary>
    private static double EstimatePrior(PatternTable patterns, Comparison[] comparisons, double[][] m, double[][] u, double totalPairs, LinkageOptions options)
    {
        var weights = new double[patterns.PatternCount];
        for (var p = 0; p < weights.Length; p++)
        {
            var levels = patterns.Levels[p];
            double w = 0;
            for (var c = 0; c < comparisons.Length; c++)
            {
                if (levels[c] != Comparison.Missing)
                {
                    w += Math.Log2(m[c][levels[c]] / u[c][levels[c]]);
                }
            }

            weights[p] = w;
        }

        long candidates = 0;
        foreach (var count in patterns.Counts)
        {
            candidates += count;
        }

        if (candidates == 0 || totalPairs <= 0)
        {
            return 1e-9;
        }

        var prior = Math.Clamp(0.1 * candidates / totalPairs, 1e-12, 0.5);
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var priorWeight = Math.Log2(prior / (1 - prior));
            double expected = 0;
            for (var p = 0; p < weights.Length; p++)
            {
                expected += patterns.Counts[p] * LinkageModel.ToProbability(priorWeight + weights[p]);
            }

            var next = Math.Clamp(expected / totalPairs, 1e-12, 0.5);
            if (Math.Abs(next - prior) <= prior * 1e-6)
            {
                prior = next;
                break;
            }

            prior = next;
        }

        return prior;
    }

    private static double[][] MFromLabels(RecordSet records, Comparison[] comparisons, IReadOnlyList<ClericalLabel> labels)
    {
        var m = new double[comparisons.Length][];
        for (var c = 0; c < comparisons.Length; c++)
        {
            m[c] = new double[comparisons[c].LevelCount];
        }

        foreach (var label in labels)
        {
            if (!label.IsMatch)
            {
                continue;
            }

            var (a, b) = Resolve(records, label);
            if (a < 0 || b < 0)
            {
                continue;
            }

            for (var c = 0; c < comparisons.Length; c++)
            {
                var level = comparisons[c].Compare(a, b);
                if (level != Comparison.Missing)
                {
                    m[c][level]++;
                }
            }
        }

        for (var c = 0; c < comparisons.Length; c++)
        {
            // Add-one smoothing: a level unseen among the labels is unlikely, not impossible.
            var total = m[c].Sum() + m[c].Length;
            for (var l = 0; l < m[c].Length; l++)
            {
                m[c][l] = (m[c][l] + 1) / total;
            }
        }

        return m;
    }

    private static (int A, int B) Resolve(RecordSet records, ClericalLabel label) =>
        (records.IndexOf(label.LeftId, 0), records.IsLink ? records.IndexOf(label.RightId, 1) : records.IndexOf(label.RightId, 0));

    private static PairwiseScore ScoreLabels(RecordSet records, LinkageModel model, IReadOnlyList<ClericalLabel> labels, double threshold, int[]? clusterOf)
    {
        long tp = 0, fp = 0, fn = 0;
        foreach (var label in labels)
        {
            var (a, b) = Resolve(records, label);
            if (a < 0 || b < 0 || a == b)
            {
                continue;
            }

            var predicted = clusterOf is not null ? clusterOf[a] == clusterOf[b] : model.Probability(a, b) >= threshold;
            if (predicted && label.IsMatch)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (label.IsMatch)
            {
                fn++;
            }
        }

        return new PairwiseScore(tp, fp, fn);
    }

    // Scores every candidate pair: the pattern's weight plus term-frequency adjustments. The prior is
    // re-estimated from these final weights (a histogram in 1/32-bit bins keeps that cheap) so it agrees
    // with what is scored — common names weigh less, so fewer matches are expected — then the weights
    // become probabilities in place.
    private static float[] Score(LinkageModel model, RecordPair[] pairs, PatternTable patterns, double totalPairs, int threads)
    {
        var comparisons = model.Comparisons;
        var patternWeight = new double[patterns.PatternCount];
        for (var p = 0; p < patternWeight.Length; p++)
        {
            double w = 0;
            var levels = patterns.Levels[p];
            for (var c = 0; c < comparisons.Length; c++)
            {
                if (levels[c] != Comparison.Missing)
                {
                    w += model.LevelWeight(c, levels[c]);
                }
            }

            patternWeight[p] = w;
        }

        const int Bins = 8192;
        const double BinWidth = 1.0 / 32;
        const double Lowest = -128;
        var weights = new float[pairs.Length];
        var chunk = 1 << 16;
        var chunks = (pairs.Length + chunk - 1) / chunk;
        var histograms = new long[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, x =>
        {
            var histogram = new long[Bins];
            var end = Math.Min(pairs.Length, (x + 1) * chunk);
            for (var i = x * chunk; i < end; i++)
            {
                var p = patterns.PatternOfPair[i];
                var w = patternWeight[p];
                var levels = patterns.Levels[p];
                for (var c = 0; c < comparisons.Length; c++)
                {
                    if (levels[c] <= 1)
                    {
                        w += model.TermWeight(c, levels[c], pairs[i].A, pairs[i].B);
                    }
                }

                weights[i] = (float)w;
                histogram[Math.Clamp((int)((w - Lowest) / BinWidth), 0, Bins - 1)]++;
            }

            histograms[x] = histogram;
        });

        var total = new long[Bins];
        foreach (var h in histograms)
        {
            for (var b = 0; b < Bins; b++)
            {
                total[b] += h[b];
            }
        }

        var prior = model.PriorProbability;
        for (var iteration = 0; iteration < 500 && pairs.Length > 0; iteration++)
        {
            var priorWeight = Math.Log2(prior / (1 - prior));
            double expected = 0;
            for (var b = 0; b < Bins; b++)
            {
                if (total[b] != 0)
                {
                    expected += total[b] * LinkageModel.ToProbability(priorWeight + Lowest + ((b + 0.5) * BinWidth));
                }
            }

            var next = Math.Clamp(expected / totalPairs, 1e-15, 0.5);
            var settled = Math.Abs(next - prior) <= prior * 1e-6;
            prior = next;
            if (settled)
            {
                break;
            }
        }

        model.PriorProbability = prior;
        var finalPrior = model.PriorWeight;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, x =>
        {
            var end = Math.Min(pairs.Length, (x + 1) * chunk);
            for (var i = x * chunk; i < end; i++)
            {
                weights[i] = (float)LinkageModel.ToProbability(finalPrior + weights[i]);
            }
        });

        return weights;
    }

    internal static PairExplanation Explain(RecordSet records, LinkageModel model, int a, int b)
    {
        var comparisons = model.Comparisons;
        var items = new List<ComparisonExplanation>(comparisons.Length);
        var total = model.PriorWeight;
        for (var c = 0; c < comparisons.Length; c++)
        {
            var level = comparisons[c].Compare(a, b);
            var left = records.RawValue(a, c);
            var right = records.RawValue(b, c);
            if (level == Comparison.Missing)
            {
                items.Add(new ComparisonExplanation(comparisons[c].Column, comparisons[c].Role, left, right, "missing", double.NaN, double.NaN, 0, 0));
                continue;
            }

            var w = model.LevelWeight(c, level);
            var tf = model.TermWeight(c, level, a, b);
            total += w + tf;
            items.Add(new ComparisonExplanation(comparisons[c].Column, comparisons[c].Role, left, right,
                comparisons[c].LevelNames[level], model.M[c][level], model.U[c][level], w, tf));
        }

        return new PairExplanation(records.IdOf(a), records.IdOf(b), model.PriorWeight, items, total, LinkageModel.ToProbability(total));
    }
}
