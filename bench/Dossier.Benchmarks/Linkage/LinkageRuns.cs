using System.Diagnostics;
using System.Globalization;
using Dossier.Linkage;
using Dossier.Linkage.Evaluation;
using Dossier.Linkage.Input;

namespace Dossier.Benchmarks.Linkage;

/// <summary>
/// End-to-end linkage runs: CSV in, result out, timed as a user would see them, with peak memory,
/// candidate pairs, comparison throughput and accuracy against ground truth.
/// </summary>
public static class LinkageRuns
{
    /// <summary><c>e2e linkage-febrl</c>: the FEBRL sets and fake_1000 from ../shared/data/linkage.</summary>
    public static int Febrl(string[] args)
    {
        var data = SharedData("linkage");

        // One untimed run first, so the figures are of jitted code, as the Python toolkit's are of imported modules.
        LinkageRunner.Dedupe(Path.Combine(data, "febrl1.csv"), "rec_id", null);
        Console.WriteLine("run,records,candidate_pairs,seconds,cpu_seconds,compare_seconds,comparisons_per_second,peak_mb,precision,recall,f1");
        var scratch = Directory.CreateTempSubdirectory("dossier-bench-").FullName;
        try
        {
            Measure("febrl4 link", () =>
            {
                var result = LinkageRunner.Link(Path.Combine(data, "febrl4a.csv"), Path.Combine(data, "febrl4b.csv"), "rec_id", Path.Combine(scratch, "pairs.csv"));
                var predicted = result.Matches(0.5).Select(m => (result.Records.IdOf(m.A), result.Records.IdOf(m.B)));
                return (result, PairwiseScore.Of(predicted, TruePairs(Path.Combine(data, "febrl4_true_pairs.csv"))));
            });
            foreach (var name in new[] { "febrl1", "febrl2", "febrl3" })
            {
                Measure($"{name} dedupe", () =>
                {
                    var result = LinkageRunner.Dedupe(Path.Combine(data, name + ".csv"), "rec_id", Path.Combine(scratch, "clusters.csv"));
                    return (result, ClusterScore(result, TruePairs(Path.Combine(data, name + "_true_pairs.csv"))));
                });
            }

            Measure("fake_1000 dedupe", () =>
            {
                var result = LinkageRunner.Dedupe(Path.Combine(data, "fake_1000.csv"), "unique_id", Path.Combine(scratch, "clusters.csv"));
                var table = CsvTable.Read(Path.Combine(data, "fake_1000.csv"));
                var cluster = table.ColumnIndex("cluster");
                var truth = PairwiseScore.PairsOfClusters(Enumerable.Range(0, table.RowCount).Select(r => (table[r, 0], table[r, cluster])));
                return (result, ClusterScore(result, truth));
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// <c>e2e dedupe-csv FILE ID_COLUMN [TRUTH_CSV]</c>: deduplicates any CSV end to end (for synthetic
    /// lists made by <c>dossier synth lists</c>); TRUTH_CSV (record_id,person_id) gives pairwise F1.
    /// </summary>
    public static int DedupeCsv(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: e2e dedupe-csv FILE ID_COLUMN [TRUTH_CSV]");
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("dossier-bench-").FullName;
        try
        {
            Console.WriteLine("run,records,candidate_pairs,seconds,cpu_seconds,compare_seconds,comparisons_per_second,peak_mb,precision,recall,f1");
            Measure($"dedupe {Path.GetFileName(args[0])}", () =>
            {
                var result = LinkageRunner.Dedupe(args[0], args[1], Path.Combine(scratch, "clusters.csv"));
                PairwiseScore? score = null;
                if (args.Length > 2)
                {
                    var truth = CsvTable.Read(args[2]);
                    var truePairs = PairwiseScore.PairsOfClusters(Enumerable.Range(0, truth.RowCount).Select(r => (truth[r, 0], truth[r, 1]))).ToList();
                    score = ClusterScore(result, truePairs);
                    Console.Error.WriteLine($"blocking recall {BlockingRecall(result, truePairs):0.0000} of {truePairs.Count} true pairs");
                }

                Console.Error.Write(LinkageRunner.FormatSummary(result.Summary));
                return (result, score);
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    }

    /// <summary>
    /// <c>e2e dedupe-synthetic N [SEED]</c>: about N SYNTHETIC rows from the three preset Persian lists
    /// (mixed scripts), written to a temporary CSV (not timed), then deduplicated end to end: CSV in,
    /// clusters out. DOSSIER_LINKAGE_ERRORS=1 prints where the errors come from (ErrorBreakdown).
    /// </summary>
    public static int DedupeSynthetic(string[] args) => DedupeSynthetic(args, harder: false);

    /// <summary>
    /// <c>e2e dedupe-harder N [SEED [THRESHOLD [COHERENCE]]]</c>: as dedupe-synthetic with the harder
    /// generator (<c>SyntheticPresets.HarderLists</c> and <c>HarderPopulation</c>, ADR 0412).
    /// </summary>
    public static int DedupeHarder(string[] args) => DedupeSynthetic(args, harder: true);

    private static int DedupeSynthetic(string[] args, bool harder)
    {
        if (args.Length < 1 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var size))
        {
            Console.Error.WriteLine($"usage: e2e {(harder ? "dedupe-harder" : "dedupe-synthetic")} N [SEED [THRESHOLD [COHERENCE [FAMILY_TAIL_SHARE]]]]");
            return 2;
        }

        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1988;
        var options = new LinkageOptions();
        if (args.Length > 2)
        {
            options = options with { Threshold = double.Parse(args[2], CultureInfo.InvariantCulture) };
        }

        if (args.Length > 3)
        {
            options = options with { ClusterCoherence = double.Parse(args[3], CultureInfo.InvariantCulture) };
        }

        if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_LONE") is "0")
        {
            options = options with { LonePairs = false };
        }

        if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_LIST_GUARD") is "0")
        {
            options = options with { ListGuard = false };
        }

        if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_LIST_COMPETITION") is "1")
        {
            options = options with { ListCompetition = true };
        }

        if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_SWAP") is "0")
        {
            options = options with { SwappedNameBlocking = false };
        }

        if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_NO_TF") is "1")
        {
            options = options with { TermFrequency = false };
        }
        var scratch = Directory.CreateTempSubdirectory("dossier-bench-").FullName;
        try
        {
            var input = Path.Combine(scratch, "synthetic.csv");
            var truth = new List<(string Record, string Person)>(size + (size / 10));
            var garbling = new Dictionary<string, Dossier.Synthesis.Garbling>(size + (size / 10), StringComparer.Ordinal);
            var populationOptions = harder
                ? Dossier.Synthesis.SyntheticPresets.HarderPopulation((int)(size / 1.32))
                : new Dossier.Synthesis.PopulationOptions { Size = (int)(size / 1.32) };
            var lists = harder ? Dossier.Synthesis.SyntheticPresets.HarderLists : Dossier.Synthesis.SyntheticPresets.ThreeLists;
            if (args.Length > 4)
            {
                // 0 gives the generator's head names only, as before the long tail of family names.
                populationOptions = populationOptions with { FamilyNameTailShare = double.Parse(args[4], CultureInfo.InvariantCulture) };
            }

            var population = Dossier.Synthesis.SyntheticPopulation.Generate(populationOptions, seed);
            using (var writer = new StreamWriter(input))
            {
                Dossier.Synthesis.SyntheticCsv.WriteHeader(writer);
                foreach (var row in Dossier.Synthesis.ListSampler.Sample(population, lists, seed + 1))
                {
                    Dossier.Synthesis.SyntheticCsv.WriteRecord(writer, row);
                    truth.Add((row.RecordId, row.PersonId.ToString(CultureInfo.InvariantCulture)));
                    garbling[row.RecordId] = row.Garbling;
                }
            }

            if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_ORACLE_M") is "1")
            {
                // A ceiling, not a result: m of every field from all true pairs (u still from random pairs),
                // to tell how much of what is left is the estimation of m.
                var labels = PairwiseScore.PairsOfClusters(truth).Select(p => new ClericalLabel(p.A, p.B, true)).ToList();
                options = options with { Labels = labels, LabelUse = LabelUse.FixParameters };
            }

            Console.WriteLine("run,records,candidate_pairs,seconds,cpu_seconds,compare_seconds,comparisons_per_second,peak_mb,precision,recall,f1");
            Measure($"{(harder ? "dedupe-harder" : "dedupe-synthetic")} {size}", () =>
            {
                var result = LinkageRunner.Dedupe(input, "record_id", Path.Combine(scratch, "clusters.csv"), options: options);
                Console.Error.Write(LinkageRunner.FormatSummary(result.Summary));
                return (result, null);
            }, after: result =>
            {
                var truePairs = PairwiseScore.PairsOfClusters(truth).ToList();
                Console.Error.WriteLine($"blocking recall {BlockingRecall(result, truePairs):0.0000} of {truePairs.Count} true pairs");
                if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_ERRORS") is "1")
                {
                    var personOf = truth.ToDictionary(t => t.Record, t => t.Person, StringComparer.Ordinal);
                    string KindOf(int a, int b)
                    {
                        var (x, y) = (result.Records.IdOf(a), result.Records.IdOf(b));
                        return personOf[x] == personOf[y]
                            ? ErrorKinds.OfTruePair(garbling[x], garbling[y])
                            : ErrorKinds.OfDifferentPeople(population[int.Parse(personOf[x], CultureInfo.InvariantCulture) - 1],
                                population[int.Parse(personOf[y], CultureInfo.InvariantCulture) - 1]);
                    }

                    ErrorBreakdown.Print(result, personOf, options.Threshold, Console.Error, kindOfPair: KindOf);
                }

                if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_COMPETITION") is "1")
                {
                    var personOf = truth.ToDictionary(t => t.Record, t => t.Person, StringComparer.Ordinal);
                    CompetitionDiagnostic(result, personOf, options.Threshold);
                }

                if (Environment.GetEnvironmentVariable("DOSSIER_LINKAGE_SCRIPT") is "1")
                {
                    var personOf = truth.ToDictionary(t => t.Record, t => t.Person, StringComparer.Ordinal);
                    ScriptStrata.Print(result, personOf, r => (garbling[result.Records.IdOf(r)] & Dossier.Synthesis.Garbling.PersianScript) != 0,
                        options.Threshold, Console.Error);
                }

                return ClusterScore(result, truePairs);
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    }

    // DOSSIER_LINKAGE_COMPETITION=1 (ADR 1827; truth used here only): the pairs the list competition took below the
    // threshold, by what their rivals on the partner's list were, and the clusters that hold two rows of one list.
    private static void CompetitionDiagnostic(LinkageResult result, Dictionary<string, string> personOf, double threshold)
    {
        var n = result.Records.Count;
        var listField = result.Model.Parameters.Select((p, i) => (p, i)).First(x => x.p.Column == "list_id").i;
        string Person(int r) => personOf[result.Records.IdOf(r)];
        var adj = new List<(int Other, double Raw)>[n];
        var raw = new Dictionary<int, double>();
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            if (result.Probabilities[i] < 0.0005)
            {
                continue;
            }

            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            var p = result.Explain(a, b).Probability;
            raw[i] = p;
            if (p >= 0.01)
            {
                (adj[a] ??= []).Add((b, p));
                (adj[b] ??= []).Add((a, p));
            }
        }

        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string key) => tally[key] = tally.GetValueOrDefault(key) + 1;
        foreach (var (i, p) in raw)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            var after = result.Probabilities[i];
            if (!(p >= threshold && after < threshold))
            {
                continue;
            }

            var isTrue = Person(a) == Person(b);
            string Side(int x, int y)
            {
                var list = result.Records.RawValue(y, listField);
                var rivals = (adj[x] ?? []).Where(o => o.Other != y && result.Records.RawValue(o.Other, listField) == list).ToList();
                if (rivals.Count == 0)
                {
                    return "none";
                }

                var dup = rivals.Any(o => Person(o.Other) == Person(y));
                foreach (var o in rivals.Where(o => Person(o.Other) == Person(y)))
                {
                    var same = result.Explain(o.Other, y).Probability;
                    Count($"   repeat rival: p(partner, rival) {Math.Floor(same * 10) / 10:0.0}, p(rival) {Math.Floor(o.Raw * 10) / 10:0.0}");
                }

                var trueRival = rivals.Any(o => Person(o.Other) == Person(x));
                return dup ? "rival is a repeat of the partner" : trueRival ? "rival is the true one" : "rivals all others";
            }

            Count($"{(isTrue ? "true" : "false")} lowered | A: {Side(a, b)} | B: {Side(b, a)}");
        }

        // Clusters that hold two rows of one list: are those two one person?
        if (result.ClusterOf is { } clusterOf)
        {
            foreach (var group in Enumerable.Range(0, n).GroupBy(r => clusterOf[r]).Where(g => g.Count() > 1))
            {
                foreach (var byList in group.GroupBy(r => result.Records.RawValue(r, listField)).Where(g => g.Count() > 1))
                {
                    var rows = byList.ToList();
                    for (var x = 0; x < rows.Count; x++)
                    {
                        for (var y = x + 1; y < rows.Count; y++)
                        {
                            var p = result.Explain(rows[x], rows[y]).Probability;
                            Count($"cluster with a list twice: {(Person(rows[x]) == Person(rows[y]) ? "one person" : "two people")}, p {Math.Floor(p * 10) / 10:0.0}, group size {Math.Min(group.Count(), 5)}");
                        }
                    }
                }
            }
        }

        foreach (var (k, v) in tally.OrderByDescending(x => x.Value))
        {
            Console.Error.WriteLine($"competition {v,7} {k}");
        }
    }

    internal static void Measure(string name, Func<(LinkageResult Result, PairwiseScore? Score)> run, Func<LinkageResult, PairwiseScore>? after = null)
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (result, score) = run();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        using var peakProcess = Process.GetCurrentProcess();
        var peakBytes = peakProcess.PeakWorkingSet64;
        if (after is not null)
        {
            score = after(result);
        }
        var compare = result.Summary.Timings.FirstOrDefault(t => t.Stage == "comparing").Time.TotalSeconds;
        var comparisons = (double)result.Summary.CandidatePairs * result.Model.Parameters.Count;
        var peak = peakBytes / (1024.0 * 1024.0);
        Console.WriteLine(string.Join(',',
            name,
            result.Summary.Records.ToString(CultureInfo.InvariantCulture),
            result.Summary.CandidatePairs.ToString(CultureInfo.InvariantCulture),
            seconds.ToString("0.000", CultureInfo.InvariantCulture),
            cpu.ToString("0.000", CultureInfo.InvariantCulture),
            compare.ToString("0.000", CultureInfo.InvariantCulture),
            (compare > 0 ? comparisons / compare : 0).ToString("0", CultureInfo.InvariantCulture),
            peak.ToString("0", CultureInfo.InvariantCulture),
            score?.Precision.ToString("0.0000", CultureInfo.InvariantCulture) ?? string.Empty,
            score?.Recall.ToString("0.0000", CultureInfo.InvariantCulture) ?? string.Empty,
            score?.F1.ToString("0.0000", CultureInfo.InvariantCulture) ?? string.Empty));
        foreach (var (stage, time) in result.Summary.Timings)
        {
            Console.Error.WriteLine($"  {name}: {stage} {time.TotalSeconds:0.000} s");
        }
    }

    // Share of true pairs that blocking proposed: the ceiling on recall.
    internal static double BlockingRecall(LinkageResult result, List<(string A, string B)> truePairs)
    {
        long n = result.Records.Count;
        var keys = new long[result.Pairs.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            keys[i] = (Math.Min(a, b) * n) + Math.Max(a, b);
        }

        Array.Sort(keys);
        var found = 0;
        foreach (var (x, y) in truePairs)
        {
            long a = result.Records.IndexOf(x);
            long b = result.Records.IndexOf(y);
            if (Array.BinarySearch(keys, (Math.Min(a, b) * n) + Math.Max(a, b)) >= 0)
            {
                found++;
            }
        }

        return truePairs.Count == 0 ? 1 : (double)found / truePairs.Count;
    }

    internal static PairwiseScore ClusterScore(LinkageResult result, IEnumerable<(string A, string B)> truth)
    {
        var clusterOf = result.ClusterOf!;
        var assignment = Enumerable.Range(0, clusterOf.Length).Select(i => (result.Records.IdOf(i), result.Records.IdOf(clusterOf[i])));
        return PairwiseScore.Of(PairwiseScore.PairsOfClusters(assignment), truth);
    }

    internal static List<(string, string)> TruePairs(string path)
    {
        var table = CsvTable.Read(path);
        return Enumerable.Range(0, table.RowCount).Select(r => (table[r, 0], table[r, 1])).ToList();
    }

    internal static string SharedData(string sub)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOSSIER_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.Combine(fromEnvironment, sub);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", sub);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/data not found; set DOSSIER_SHARED_DATA");
    }
}
