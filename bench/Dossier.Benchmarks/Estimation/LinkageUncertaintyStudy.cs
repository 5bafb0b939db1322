using System.Diagnostics;
using System.Globalization;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;

namespace Dossier.Benchmarks.Estimation;

/// <summary>
/// `e2e linkage-uncertainty [replicates] [samples] [--lcmcr] [--strata] [--scenarios i,j]` (with --lcmcr, the guarded draw only;
/// --strata: per-stratum coverage, two prisons, log-linear; ADR 1819): coverage of 95% intervals for N and
/// for the documented unique count when linkage errors are injected into SYNTHETIC lists with known truth (ADR 0207).
///
/// Each replicate draws a population of known size, four lists that record people independently (so that with the
/// true linkage the estimators are right), and pair probabilities for the rows: a share of the true pairs is
/// ambiguous (probabilities spread over 0.15–0.9), and false pairs between different people are added at each level
/// in the number that makes the probabilities calibrated (a pair at p is a true match p of the time). The plug-in
/// clustering is the engine's rule on those pairs (threshold 0.5, strongest first, the average-linkage guard);
/// propagation draws clusterings from the probabilities (guarded, and plain components for comparison) and combines.
/// With --engine, the lists are garbled SYNTHETIC rows (Dossier.Synthesis) and the pairs are the linkage engine's own,
/// as a workspace run records them: probabilities that are not calibrated by construction.
/// </summary>
public static class LinkageUncertaintyStudy
{
    private sealed record Scenario(string Name, int TrueN, double[] Capture, double AmbiguousShare, double[] Levels);

    private static readonly double[] Spread = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9];

    private static readonly Scenario[] Scenarios =
    [
        new("no ambiguous pairs (only 2% confident errors)", 2000, [0.3, 0.25, 0.35, 0.3], 0.0, Spread),
        new("15% of true pairs ambiguous", 2000, [0.3, 0.25, 0.35, 0.3], 0.15, Spread),
        new("30% of true pairs ambiguous", 2000, [0.3, 0.25, 0.35, 0.3], 0.30, Spread),
        new("30% ambiguous, most of them below the threshold (0.15–0.45)", 2000, [0.3, 0.25, 0.35, 0.3], 0.30, [0.15, 0.3, 0.45]),
    ];

    private static readonly string[] ListIds = ["la", "lb", "lc", "ld"];

    public static int Run(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var si = Array.IndexOf(args, "--scenarios");
        if (si >= 0 && si + 1 < args.Length)
        {
            positional.Remove(args[si + 1]);
        }

        var replicates = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 100;
        var samples = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 20;
        var lcmcr = args.Contains("--lcmcr");
        var only = si >= 0 && si + 1 < args.Length ? args[si + 1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet() : null;
        var request = new EstimationRequest
        {
            Method = lcmcr ? EstimationMethod.All : EstimationMethod.LogLinear,
            LatentClass = new LatentClassOptions { Seed = 7, Chains = 2, Burnin = 2_000, Samples = 500, Thinning = 10 },
        };
        Console.WriteLine($"SYNTHETIC linkage-uncertainty study: {replicates} replicates per scenario, {samples} sampled clusterings each; " +
            $"estimator {(lcmcr ? "log-linear (best BIC) and latent class (2 chains, burn-in 2,000, 500 × 10, lengthened to convergence)" : "log-linear (best BIC)")}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        if (args.Contains("--engine"))
        {
            // The engine's own probabilities on garbled SYNTHETIC lists: not calibrated by construction.
            foreach (var heavy in new[] { false, true })
            {
                Array.Clear(TruePairBands);
                RunScenario(heavy
                        ? "engine: 4 SYNTHETIC lists, heavy garbling (typos 12%, fields missing 35%, half in Persian script)"
                        : "engine: 4 SYNTHETIC lists, the generator's default garbling, linked by Dossier.Linkage",
                    EnginePeople, "0.3/0.25/0.35/0.3", r => EngineReplicate(7000 + r, heavy), replicates, samples, request, lcmcr);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  true pairs per replicate: {TruePairBands[0] / replicates:N1} never proposed by blocking, {TruePairBands[1] / replicates:N1} scored below 0.1 (not recorded), {TruePairBands[2] / replicates:N1} in 0.1–0.5, {TruePairBands[3] / replicates:N1} in 0.5–0.9, {TruePairBands[4] / replicates:N1} at 0.9 or more"));
            }

            return 0;
        }

        for (var s = 0; s < Scenarios.Length; s++)
        {
            if (only is not null && !only.Contains(s))
            {
                continue;
            }

            if (args.Contains("--strata"))
            {
                RunStratified(Scenarios[s], replicates, samples, request);
            }
            else
            {
                RunScenario(Scenarios[s], replicates, samples, request, lcmcr);
            }
        }

        return 0;
    }

    /// <summary>Share of each replicate's people in the first stratum ("A"); the rest are in "B".</summary>
    private const double FirstStratumShare = 0.6;

    /// <summary>
    /// `--strata` (ADR 1819): the same replicates, each person in prison "A" (the first 60%) or "B", every row of a person
    /// carrying the person's prison. False pairs join rows of any two people, so a drawn false link can merge people of
    /// both prisons; the merged cluster then takes the workspace's rule (most frequent value, ties to the first key). Per
    /// stratum: the 95% interval of N_s from the true linkage, the plug-in clustering and propagation (guarded draw,
    /// samples split by stratum), and the documented unique count against the people of that prison on some list.
    /// </summary>
    private static void RunStratified(Scenario scenario, int replicates, int samples, EstimationRequest request)
    {
        var first = (int)Math.Round(scenario.TrueN * FirstStratumShare);
        var truthN = new Dictionary<string, int>(StringComparer.Ordinal) { ["A"] = first, ["B"] = scenario.TrueN - first };
        string StratumOf(string row) => int.Parse(RowKeys.Split(row).RowId.AsSpan(1), CultureInfo.InvariantCulture) < first ? "A" : "B";
        var tallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        Tally T(string name) => tallies.TryGetValue(name, out var t) ? t : tallies[name] = new Tally();
        var unique = new Dictionary<string, (double, int, double)>(StringComparer.Ordinal);
        var observedTruth = new Dictionary<string, double>(StringComparer.Ordinal);
        var time = Stopwatch.StartNew();
        var propagationTime = TimeSpan.Zero;
        for (var r = 0; r < replicates; r++)
        {
            var (rows, pairs, truthOf, _) = Replicate(scenario, 1000UL + (ulong)r);
            var stratified = rows.Select(row => new StratifiedRow(row, RowKeys.Split(row).ListId, StratumOf(row))).ToList();
            var source = $"SYNTHETIC stratified study replicate {r}";
            EstimationReport Report(IReadOnlyDictionary<string, string> clusters, out long people)
            {
                var (csv, count, _) = ListService.Tabulate(ListIds, stratified, key => clusters.TryGetValue(key, out var c) ? c : key, "prison");
                people = count;
                return EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(csv), source, "prison"), source, request);
            }

            var truthReport = Report(truthOf, out _);
            foreach (var s in truthReport.Strata)
            {
                observedTruth[s.Stratum] = observedTruth.GetValueOrDefault(s.Stratum) + s.Observed;
                if (s.BestModelInterval is { } ci)
                {
                    T($"{s.Stratum}: true linkage (profile)").Add(s.BestByBic?.Abundance ?? ci.Abundance, ci.Lower, ci.Upper ?? double.PositiveInfinity, truthN[s.Stratum]);
                }
            }

            var sampler = new ClusteringSampler(rows, pairs, [], 0.5, ClusteringDraw.Guarded);
            var plugInReport = Report(sampler.AtThreshold(0.5), out var plugInPeople);
            var truthObserved = truthReport.Strata.ToDictionary(s => s.Stratum, s => s.Observed, StringComparer.Ordinal);
            foreach (var s in plugInReport.Strata.Where(s => truthN.ContainsKey(s.Stratum)))
            {
                if (s.BestModelInterval is { } ci)
                {
                    T($"{s.Stratum}: plug-in (profile)").Add(s.BestByBic?.Abundance ?? ci.Abundance, ci.Lower, ci.Upper ?? double.PositiveInfinity, truthN[s.Stratum]);
                }

                Unique(unique, $"{s.Stratum}: plug-in", s.Observed, s.Observed, s.Observed, (int)truthObserved[s.Stratum]);
            }

            var space = new LinkageSpace(sampler, ListIds, rows, pairs.Count, false, 0) { StrataColumn = "prison", StratifiedRows = stratified };
            var started = Stopwatch.GetTimestamp();
            var result = LinkagePropagation.Run(space, plugInReport.Overall, plugInPeople, plugInReport.Strata, plugInReport.StratifiedTotal, request, source, samples, 42, TimeSpan.FromHours(1), TimeProvider.System);
            propagationTime += Stopwatch.GetElapsedTime(started);
            foreach (var s in result.Summary.Strata ?? [])
            {
                if (!truthN.ContainsKey(s.Stratum))
                {
                    continue;
                }

                if (s.Figures.LogLinear is { } ll)
                {
                    T($"{s.Stratum}: propagated, guarded (Rubin)").Add(ll.Estimate, ll.Lower, ll.Upper, truthN[s.Stratum]);
                }

                Unique(unique, $"{s.Stratum}: sampled, guarded", s.Figures.PeopleMedian, s.Figures.PeopleLower, s.Figures.PeopleUpper, (int)truthObserved[s.Stratum]);
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}, by stratum: N_A = {truthN["A"]:N0}, N_B = {truthN["B"]:N0}, lists {string.Join("/", scenario.Capture)}; {time.Elapsed.TotalSeconds:F0} s ({propagationTime.TotalSeconds:F0} s propagating)"));
        Console.WriteLine("  95% intervals for N of each stratum:");
        foreach (var (name, tally) in tallies)
        {
            Console.WriteLine(tally.Row(name, truthN[name[..1]]));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  documented unique count per stratum (truth: mean {observedTruth.GetValueOrDefault("A") / replicates:N1} in A, {observedTruth.GetValueOrDefault("B") / replicates:N1} in B):"));
        foreach (var (name, (sumPoint, covered, sumWidth)) in unique.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-44} holds the truth {covered,3}/{replicates} ({100.0 * covered / replicates,5:F1}%)  mean {sumPoint / replicates,8:N1}  mean width {sumWidth / replicates,6:N1}"));
        }
    }

    private sealed class Tally
    {
        public int Covered;
        public int Runs;
        public double SumEstimate;
        public double SumWidth;

        public void Add(double estimate, double lower, double upper, double truth)
        {
            if (!double.IsFinite(estimate))
            {
                return;
            }

            Runs++;
            SumEstimate += estimate;
            SumWidth += upper - lower;
            if (lower <= truth && truth <= upper)
            {
                Covered++;
            }
        }

        public string Row(string name, double truth) => Runs == 0 ? $"  {name,-44} no estimate" :
            string.Create(CultureInfo.InvariantCulture, $"  {name,-44} covered {Covered,3}/{Runs,-3} ({100.0 * Covered / Runs,5:F1}%)  mean estimate {SumEstimate / Runs,8:N0} (truth {truth:N0})  mean width {SumWidth / Runs,7:N0}");
    }

    /// <summary>One replicate: rows ("list/…"), pairs with probabilities, each row's true person, people on some list, and the plug-in clustering (null: the engine's rule on the pairs).</summary>
    private sealed record Replica(List<string> Rows, List<PairProbability> Pairs, Dictionary<string, string> TruthOf, int Observed, IReadOnlyDictionary<string, string>? PlugIn);

    private static void RunScenario(Scenario scenario, int replicates, int samples, EstimationRequest request, bool lcmcr) =>
        RunScenario(scenario.Name, scenario.TrueN, string.Join("/", scenario.Capture), r =>
        {
            var (rows, pairs, truthOf, observed) = Replicate(scenario, 1000UL + (ulong)r);
            return new Replica(rows, pairs, truthOf, observed, null);
        }, replicates, samples, request, lcmcr);

    private static void RunScenario(string scenarioName, int trueN, string capture, Func<int, Replica> replicate, int replicates, int samples, EstimationRequest request, bool lcmcr)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        Tally T(string name) => tallies.TryGetValue(name, out var t) ? t : tallies[name] = new Tally();
        var uniqueTruth = 0.0;
        var uniqueRows = new Dictionary<string, (double SumPoint, int Covered, double SumWidth)>(StringComparer.Ordinal);
        double pairsUncertain = 0, falsePairs = 0;
        var time = Stopwatch.StartNew();
        var propagationTime = TimeSpan.Zero;
        for (var r = 0; r < replicates; r++)
        {
            var (rows, pairs, truthOf, observed, enginePlugIn) = replicate(r);
            uniqueTruth += observed;
            pairsUncertain += pairs.Count(p => p.P < 0.95);
            falsePairs += pairs.Count(p => truthOf[p.A] != truthOf[p.B]);
            var source = $"SYNTHETIC study replicate {r}";

            // With the true linkage: the estimator's own coverage, the bar the others are read against.
            var truthHistories = ClusteringSampler.Histories(ListIds, rows, truthOf);
            var truthReport = Estimate(truthHistories.Csv, source, request);
            AddAll(T, "true linkage", truthReport, trueN, lcmcr);

            var guarded = new ClusteringSampler(rows, pairs, [], 0.5, ClusteringDraw.Guarded);
            var plugInClusters = enginePlugIn ?? guarded.AtThreshold(0.5);
            var plugIn = ClusteringSampler.Histories(ListIds, rows, plugInClusters);
            var plugInReport = Estimate(plugIn.Csv, source, request);
            AddAll(T, "plug-in (one clustering)", plugInReport, trueN, lcmcr);
            Unique(uniqueRows, "plug-in", plugIn.People, plugIn.People, plugIn.People, observed);

            // With the latent-class model (a minute per replicate on 2 cores) only the guarded draw is run.
            foreach (var draw in lcmcr ? [ClusteringDraw.Guarded] : new[] { ClusteringDraw.Guarded, ClusteringDraw.Components })
            {
                var sampler = draw == ClusteringDraw.Guarded ? guarded : new ClusteringSampler(rows, pairs, [], 0.5, draw);
                var space = new LinkageSpace(sampler, ListIds, rows, pairs.Count, false, 0);
                var started = Stopwatch.GetTimestamp();
                var result = LinkagePropagation.Run(space, plugInReport.Overall, plugIn.People, [], null, request, source, samples, 42, TimeSpan.FromHours(1), TimeProvider.System);
                propagationTime += Stopwatch.GetElapsedTime(started);
                var name = LinkagePropagation.Name(draw);
                var summary = result.Summary;
                if (summary.LogLinear is { } ll)
                {
                    T($"propagated, {name}: log-linear (Rubin)").Add(ll.Estimate, ll.Lower, ll.Upper, trueN);
                }

                if (summary.LatentClass is { } lc)
                {
                    T($"propagated, {name}: latent class (pooled)").Add(lc.Median, lc.Lower, lc.Upper, trueN);
                }

                Unique(uniqueRows, $"sampled, {name}", summary.PeopleMedian, summary.PeopleLower, summary.PeopleUpper, observed);
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenarioName}: N = {trueN:N0}, lists {capture}; per replicate {pairsUncertain / replicates:N0} pairs below 0.95, {falsePairs / replicates:N0} false pairs; {time.Elapsed.TotalSeconds:F0} s ({propagationTime.TotalSeconds:F0} s propagating)"));
        Console.WriteLine("  95% intervals for N:");
        foreach (var (name, tally) in tallies)
        {
            Console.WriteLine(tally.Row(name, trueN));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  documented unique count (truth: mean {uniqueTruth / replicates:N1} people on the lists):"));
        foreach (var (name, (sumPoint, covered, sumWidth)) in uniqueRows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-44} holds the truth {covered,3}/{replicates} ({100.0 * covered / replicates,5:F1}%)  mean {sumPoint / replicates,8:N1}  mean width {sumWidth / replicates,6:N1}"));
        }
    }

    private static void AddAll(Func<string, Tally> tally, string name, EstimationReport report, int truth, bool lcmcr)
    {
        if (report.Overall.BestModelInterval is { } ci)
        {
            tally($"{name}: log-linear (profile)").Add(report.Overall.BestByBic?.Abundance ?? ci.Abundance, ci.Lower, ci.Upper ?? double.PositiveInfinity, truth);
        }

        if (lcmcr && report.Overall.LatentClass is { } lc)
        {
            tally($"{name}: latent class").Add(lc.Median, lc.Lower, lc.Upper, truth);
        }
    }

    private static void Unique(Dictionary<string, (double, int, double)> rows, string name, double point, double lower, double upper, int truth)
    {
        var (sum, covered, width) = rows.GetValueOrDefault(name);
        rows[name] = (sum + point, covered + (lower <= truth && truth <= upper ? 1 : 0), width + (upper - lower));
    }

    private const int EnginePeople = 2000;

    // Where the true pairs of the engine scenarios fell: never proposed, < 0.1, 0.1–0.5, 0.5–0.9, ≥ 0.9 (summed over replicates).
    private static readonly double[] TruePairBands = new double[5];

    /// <summary>
    /// A population of <see cref="EnginePeople"/> on four independent lists with heavy garbling (typos, missing fields,
    /// romanisation variants, both scripts), linked by the engine as the workspace links lists; the pairs the workspace
    /// would record (match links inside clusters, the review band 0.1–0.9 up to 2,000 pairs) and the engine's clustering.
    /// </summary>
    private static Replica EngineReplicate(int seed, bool heavy)
    {
        var population = Dossier.Synthesis.SyntheticPopulation.Generate(new Dossier.Synthesis.PopulationOptions { Size = EnginePeople }, seed);
        Dossier.Synthesis.ListOptions List(string id, double p) => heavy
            ? new(id) { CaptureProbability = p, PersianScriptShare = 0.5, VariantRate = 0.5, TypoRate = 0.12, MissingRate = 0.35, SwapRate = 0.05, BirthYearErrorRate = 0.1 }
            : new(id) { CaptureProbability = p };
        var records = Dossier.Synthesis.ListSampler.Sample(population, [List(ListIds[0], 0.3), List(ListIds[1], 0.25), List(ListIds[2], 0.35), List(ListIds[3], 0.3)], seed + 1).ToList();
        var csv = new System.Text.StringBuilder("row,given_name,family_name,father_name,sex,birth_year,city,prison,death_date\n");
        static string Q(string v) => v.AsSpan().IndexOfAny(",\"\n") < 0 ? v : "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var truthOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var key = $"{r.ListId}/{r.RecordId}";
            truthOf[key] = "p" + r.PersonId.ToString(CultureInfo.InvariantCulture);
            csv.Append(string.Join(',', new[] { key, r.GivenName, r.FamilyName, r.FatherName, r.Sex, r.BirthYear, r.City, r.Prison, r.DeathDate }.Select(Q))).Append('\n');
        }

        var set = Dossier.Linkage.Fields.RecordSet.ForDedupe(Dossier.Linkage.Input.CsvTable.Parse(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "synthetic"), "row");
        var result = Dossier.Linkage.LinkageEngine.Run(set, new Dossier.Linkage.LinkageOptions());
        var clusterOf = result.ClusterOf!;
        var truePairs = truthOf.Values.GroupBy(v => v, StringComparer.Ordinal).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        long proposed = 0;
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            if (truthOf[set.IdOf(result.Pairs[i].A)] == truthOf[set.IdOf(result.Pairs[i].B)])
            {
                proposed++;
                var p = result.Probabilities[i];
                TruePairBands[p < 0.1 ? 1 : p < 0.5 ? 2 : p < 0.9 ? 3 : 4]++;
            }
        }

        TruePairBands[0] += truePairs - proposed;
        var pairs = new List<PairProbability>();
        var review = new List<PairProbability>();
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            double p = result.Probabilities[i];
            if (p >= 0.5 && clusterOf[a] == clusterOf[b])
            {
                pairs.Add(new PairProbability(set.IdOf(a), set.IdOf(b), p));
            }

            if (p is >= 0.1 and < 0.9)
            {
                review.Add(new PairProbability(set.IdOf(a), set.IdOf(b), p));
            }
        }

        pairs.AddRange(review.OrderBy(x => Math.Abs(x.P - 0.5)).ThenBy(x => x.A, StringComparer.Ordinal).ThenBy(x => x.B, StringComparer.Ordinal).Take(2000));
        var plugIn = Enumerable.Range(0, set.Count).GroupBy(i => clusterOf[i])
            .SelectMany(g => { var id = g.Select(set.IdOf).Min(StringComparer.Ordinal)!; return g.Select(i => (Row: set.IdOf(i), Id: id)); })
            .ToDictionary(x => x.Row, x => x.Id, StringComparer.Ordinal);
        var rows = truthOf.Keys.Order(StringComparer.Ordinal).ToList();
        return new Replica(rows, pairs, truthOf, truthOf.Values.Distinct(StringComparer.Ordinal).Count(), plugIn);
    }

    private static EstimationReport Estimate(string csv, string source, EstimationRequest request) =>
        EstimationRunner.Run(CaptureHistoryCsv.Parse(new StringReader(csv), source), source, request);

    /// <summary>Rows "list/person", the pairs with probabilities, each row's true person, and how many people are on any list.</summary>
    private static (List<string> Rows, List<PairProbability> Pairs, Dictionary<string, string> TruthOf, int Observed) Replicate(Scenario scenario, ulong seed)
    {
        var random = new Random(unchecked((int)seed));
        var rows = new List<string>();
        var truthOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var byPerson = new List<List<string>>();
        for (var person = 0; person < scenario.TrueN; person++)
        {
            var mine = new List<string>();
            for (var j = 0; j < ListIds.Length; j++)
            {
                if (random.NextDouble() < scenario.Capture[j])
                {
                    mine.Add($"{ListIds[j]}/p{person:D5}");
                }
            }

            if (mine.Count == 0)
            {
                continue;
            }

            byPerson.Add(mine);
            rows.AddRange(mine);
            foreach (var row in mine)
            {
                truthOf[row] = mine[0];
            }
        }

        var pairs = new List<PairProbability>();
        var atLevel = new double[scenario.Levels.Length];
        var confident = 0;
        foreach (var mine in byPerson)
        {
            for (var a = 0; a < mine.Count; a++)
            {
                for (var b = a + 1; b < mine.Count; b++)
                {
                    if (random.NextDouble() < scenario.AmbiguousShare)
                    {
                        var level = random.Next(scenario.Levels.Length);
                        atLevel[level]++;
                        pairs.Add(new PairProbability(mine[a], mine[b], scenario.Levels[level]));
                    }
                    else
                    {
                        confident++;
                        pairs.Add(new PairProbability(mine[a], mine[b], 0.98));
                    }
                }
            }
        }

        // False pairs, calibrated: at level p, (1 − p)/p false pairs per true pair (rounded at random), between
        // rows of different people on different lists (a namesake on another list).
        void AddFalse(double expected, double p)
        {
            var count = (int)Math.Floor(expected) + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
            for (var k = 0; k < count; k++)
            {
                while (true)
                {
                    var (x, y) = (rows[random.Next(rows.Count)], rows[random.Next(rows.Count)]);
                    if (truthOf[x] != truthOf[y] && RowKeys.Split(x).ListId != RowKeys.Split(y).ListId)
                    {
                        pairs.Add(new PairProbability(x, y, p));
                        break;
                    }
                }
            }
        }

        for (var l = 0; l < scenario.Levels.Length; l++)
        {
            AddFalse(atLevel[l] * (1 - scenario.Levels[l]) / scenario.Levels[l], scenario.Levels[l]);
        }

        AddFalse(confident * 0.02 / 0.98, 0.98);
        return (rows, pairs, truthOf, byPerson.Count);
    }
}
