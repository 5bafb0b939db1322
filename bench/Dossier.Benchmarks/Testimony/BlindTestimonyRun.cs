using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dossier.Testimony;

namespace Dossier.Benchmarks.Testimony;

/// <summary>
/// <c>e2e testimony-blind N [seed] [--keep DIR]</c>: writes N SYNTHETIC statements from the blind generator
/// (<see cref="BlindTestimonyGenerator"/>), runs the code <c>dossier testimony similar</c> and
/// <c>dossier testimony lines</c> run (read the file, find near-copies at the default threshold, count
/// lines), and prints precision and recall of near-copies, exact line counts, and the time of each step.
/// </summary>
public static class BlindTestimonyRun
{
    public static int Run(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var keepAt = Array.IndexOf(args, "--keep");
        var keep = keepAt >= 0 && keepAt + 1 < args.Length ? args[keepAt + 1] : null;
        var engineAt = Array.IndexOf(args, "--engine");
        if (engineAt >= 0 && engineAt + 1 < args.Length)
        {
            positional.Remove(args[engineAt + 1]);
        }

        if (keep is not null)
        {
            positional.Remove(keep);
        }

        var target = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        var seed = positional.Count > 1 ? ulong.Parse(positional[1], CultureInfo.InvariantCulture) : 1367UL;

        var clock = Stopwatch.StartNew();
        var set = BlindTestimonyGenerator.Generate(target, seed);
        var generated = clock.Elapsed;

        var directory = keep ?? Path.Combine(Path.GetTempPath(), "dossier-testimony-blind-" + seed.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "statements.csv");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            set.WriteCsv(writer);
        }

        try
        {
            clock.Restart();
            var statements = StatementCsv.Read(path);
            var read = clock.Elapsed;
            clock.Restart();
            var pairs = new NearCopyDetector(Engine(args)).Find(statements, out var figures);
            var similar = clock.Elapsed;
            clock.Restart();
            var rows = IndependentLines.Count(statements, pairs);
            var lines = clock.Elapsed;

            var counted = rows.ToDictionary(r => (r.AllegationId, Stances.Name(r.Stance)), r => r.Lines.Count);
            var score = BlindScore.Of(set, pairs.Select(p => (p.LeftId, p.RightId)), counted);
            var words = set.Statements.Select(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).ToArray();
            var i = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(i, $"testimony-blind: {set.Statements.Count:N0} statements (seed {seed}), {score.Allegations:N0} allegations, {set.CoachedGroups:N0} coached groups, {set.NearCopies.Count:N0} true near-copy pairs; file {new FileInfo(path).Length / 1048576.0:0.0} MiB"));
            Console.WriteLine(string.Create(i, $"  languages: {string.Join(", ", set.Statements.GroupBy(s => s.Language.Split('-')[0]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}"))}; words per statement: min {words.Min()}, median {Percentile(words, 0.5)}, max {words.Max():N0}; {words.Count(w => w >= 2000):N0} of 2,000+ words"));
            Console.WriteLine(string.Create(i, $"  near-copies: precision {score.Precision:0.0000}, recall {score.Recall:0.0000} ({score.Hits:N0} of {score.True:N0} true pairs found, {score.Found - score.Hits:N0} false)"));
            Console.WriteLine(string.Create(i, $"  lines: exact for {score.ExactAllegationShare:P2} of allegations ({score.ExactAllegations:N0}/{score.Allegations:N0}; both stances), {score.ExactSideShare:P2} of allegation-stances ({score.ExactSides:N0}/{score.Sides:N0})"));
            Console.WriteLine(string.Create(i, $"  time: generate {generated.TotalSeconds:0.0} s; read {read.TotalSeconds:0.00} s, similar {similar.TotalSeconds:0.00} s ({figures.CandidatePairs:N0} candidate pairs, {figures.CommonShingles:N0} common shingles), lines {lines.TotalSeconds:0.00} s; engines {(read + similar + lines).TotalSeconds:0.00} s"));
            Misses(set, pairs);
            SelfCheck(set);
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>The engine's options; <c>--engine 1828</c> measures the engine as it was before ADR 1829 (no
    /// cross-allegation bar, no pairs scored within small allegations, stock phrases weighed above one statement in a thousand).</summary>
    internal static NearCopyOptions Engine(string[] args)
    {
        var at = Array.IndexOf(args, "--engine");
        return at >= 0 && at + 1 < args.Length && args[at + 1] == "1828"
            ? new NearCopyOptions { CrossAllegationThreshold = 0, AllegationBlockLimit = 0, StockScoreShare = 0.001 }
            : new NearCopyOptions();
    }

    /// <summary>Where the engine and the truth part: missed and false pairs by language and length.</summary>
    private static void Misses(BlindTestimonySet set, IReadOnlyList<NearCopy> pairs)
    {
        var byId = set.Statements.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var found = pairs.Select(p => (Left: p.LeftId, Right: p.RightId)).ToHashSet();
        string Kind(string id)
        {
            var s = byId[id];
            var n = s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            return s.Language.Split('-')[0] + (n < 40 ? "/short" : n >= 2000 ? "/long" : "");
        }

        var missed = set.NearCopies.Where(p => !found.Contains(p)).GroupBy(p => Kind(p.Left)).OrderByDescending(g => g.Count());
        var wrong = found.Where(p => !set.NearCopies.Contains(p))
            .GroupBy(p => Kind(p.Left) + (byId[p.Left].AllegationId == byId[p.Right].AllegationId ? " same allegation" : " other allegations"))
            .OrderByDescending(g => g.Count());
        var detector = new NearCopyDetector();
        var missedScores = set.NearCopies.Where(p => !found.Contains(p)).Select(p => detector.Compare(byId[p.Left].Text, byId[p.Right].Text)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  missed pairs: {missedScores.Count(x => x >= detector.Options.Threshold):N0} plain Dice at or above the threshold (not candidates, or stock phrases weighted down), {missedScores.Count(x => x < detector.Options.Threshold):N0} below it"));
        var falsePairs = found.Where(p => !set.NearCopies.Contains(p)).ToList();
        var falseRaw = falsePairs.Select(p => Dice(Shingles(byId[p.Left].Text), Shingles(byId[p.Right].Text))).Order().ToList();
        var falseFolded = falsePairs.Select(p => Dice(Shingles(Fold(byId[p.Left].Text)), Shingles(Fold(byId[p.Right].Text)))).ToList();
        if (falseRaw.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  false pairs, 3-shingle Dice: raw median {P(falseRaw, 0.5):0.00}, {falseRaw.Count(x => x >= 0.3):N0} of {falseRaw.Count:N0} at 0.30 or more; with the bench's own light folding (letter forms, ZWNJ, digits, case, punctuation) {falseFolded.Count(x => x >= 0.3):N0}"));
        }

        // Scores of the pairs found, by tenth: false pairs within one allegation and across allegations, and true pairs.
        var scored = pairs.Select(p => (Key: (p.LeftId, p.RightId), p.Score)).ToList();
        string Tenths(IEnumerable<double> values) => string.Join(" ", values.GroupBy(v => Math.Min(9, (int)Math.Floor(v * 10)))
            .OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key / 10.0:0.0}:{g.Count()}")));
        bool SameAllegation((string Left, string Right) p) => byId[p.Left].AllegationId == byId[p.Right].AllegationId;
        Console.WriteLine("  found pairs by score (tenths): false, other allegations " + Tenths(scored.Where(p => !set.NearCopies.Contains(p.Key) && !SameAllegation(p.Key)).Select(p => p.Score))
            + "; false, same allegation " + Tenths(scored.Where(p => !set.NearCopies.Contains(p.Key) && SameAllegation(p.Key)).Select(p => p.Score))
            + "; true " + Tenths(scored.Where(p => set.NearCopies.Contains(p.Key)).Select(p => p.Score)));
        Console.WriteLine("  missed pairs by kind: " + string.Join(", ", missed.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"))));
        Console.WriteLine("  false pairs by kind: " + string.Join(", ", wrong.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"))));
        if (Environment.GetEnvironmentVariable("BLIND_EXAMPLES") is { } examples)
        {
            var n = int.Parse(examples, CultureInfo.InvariantCulture);
            var scores = pairs.ToDictionary(p => (p.LeftId, p.RightId), p => p.Score);
            foreach (var (kind, list) in new[] { ("MISSED", missed.SelectMany(g => g).Take(n)), ("FALSE", wrong.SelectMany(g => g).Take(n)) })
            {
                foreach (var (l, r) in list)
                {
                    Console.WriteLine($"--- {kind} {l} {r} {(scores.TryGetValue((l, r), out var sc) ? sc : -1)}\n  {byId[l].Text}\n  {byId[r].Text}");
                }
            }
        }
    }

    /// <summary>
    /// The generator's own check that its truth is fair, with no normalisation at all: Dice of raw word
    /// 3-shingles (lower-cased, split at spaces) of copies of one script, and of honest statements of one
    /// allegation and stance. If honest pairs scored like copies, no engine could tell them apart.
    /// </summary>
    private static void SelfCheck(BlindTestimonySet set)
    {
        var copies = new List<double>();
        var honest = new List<double>();
        foreach (var allegation in set.Statements.GroupBy(s => (s.AllegationId, s.Stance)))
        {
            var list = allegation.ToList();
            var shingles = list.Select(s => Shingles(s.Text)).ToList();
            for (var a = 0; a < list.Count; a++)
            {
                for (var b = a + 1; b < list.Count; b++)
                {
                    var dice = Dice(shingles[a], shingles[b]);
                    if (list[a].CopyGroup >= 0 && list[a].CopyGroup == list[b].CopyGroup)
                    {
                        copies.Add(dice);
                    }
                    else
                    {
                        honest.Add(dice);
                    }
                }
            }
        }

        copies.Sort();
        honest.Sort();
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(i, $"  self-check (raw 3-shingle Dice, no folding): copies min {copies[0]:0.00}, 5th pct {P(copies, 0.05):0.00}, median {P(copies, 0.5):0.00}; other pairs of one allegation and stance median {P(honest, 0.5):0.00}, 99th pct {P(honest, 0.99):0.00}, max {honest[^1]:0.00}"));
    }

    /// <summary>The bench's own light folding, independent of the engine's: Arabic ي/ك to Persian, ZWNJ dropped,
    /// Persian digits to Latin, lower case, punctuation to spaces. Names are left as written.</summary>
    private static string Fold(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            b.Append(c switch
            {
                'ي' => "ی",
                'ك' => "ک",
                '\u200C' => "",
                >= '۰' and <= '۹' => ((char)('0' + (c - '۰'))).ToString(),
                _ when char.IsPunctuation(c) => " ",
                _ => c.ToString(),
            });
        }

        return b.ToString();
    }

    private static double P(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static int Percentile(int[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }

    private static HashSet<string> Shingles(string text)
    {
        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k + 2 < words.Length; k++)
        {
            set.Add(string.Join(' ', words[k], words[k + 1], words[k + 2]));
        }

        return set;
    }

    private static double Dice(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);
}
