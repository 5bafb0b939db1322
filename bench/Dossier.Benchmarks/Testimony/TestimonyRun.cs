using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dossier.Testimony;
using Dossier.Testimony.Synthetic;

namespace Dossier.Benchmarks.Testimony;

/// <summary>
/// <c>e2e testimony [statements] [seed]</c>: writes SYNTHETIC statements to a file, reads it back, finds the
/// near-copies and counts the lines, timing each step, and prints precision, recall and exact line counts
/// against the generator's truth (docs/BENCHMARKS.md, "Testimony").
/// </summary>
public static class TestimonyRun
{
    public static int Run(string[] args)
    {
        var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1988;

        // About 8.1 statements per allegation with the generator's defaults.
        var clock = Stopwatch.StartNew();
        var set = TestimonyGenerator.Generate(new SyntheticTestimonyOptions { Seed = seed, Allegations = Math.Max(1, (int)(target / 8.1)) });
        var generated = clock.Elapsed;
        var file = Path.Combine(Path.GetTempPath(), $"dossier-testimony-{Guid.NewGuid():N}.csv");
        try
        {
            using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
            {
                TestimonyGenerator.WriteCsv(set.Statements, writer);
            }

            clock.Restart();
            var statements = StatementCsv.Read(file);
            var read = clock.Elapsed;

            clock.Restart();
            var pairs = new NearCopyDetector(BlindTestimonyRun.Engine(args)).Find(statements, out var figures);
            var found = clock.Elapsed;

            clock.Restart();
            var lines = IndependentLines.Count(statements, pairs);
            var counted = clock.Elapsed;

            var evaluation = TestimonyEvaluation.Of(pairs, lines, set.NearCopies, set.Lines);
            var total = read + found + counted;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                statements            {statements.Count:N0} ({set.Statements.Count(s => s.Language == "fa"):N0} Persian), {evaluation.Allegations:N0} allegations, file {new FileInfo(file).Length / 1e6:N1} MB, cores {Environment.ProcessorCount}
                generated             {generated.TotalSeconds:N1} s (not timed below)
                read and checked      {read.TotalSeconds:N2} s
                near-copies           {found.TotalSeconds:N2} s ({figures.CandidatePairs:N0} candidate pairs, {figures.CommonShingles:N0} common shingles left out of signatures)
                lines                 {counted.TotalSeconds:N2} s
                total                 {total.TotalSeconds:N2} s = {statements.Count / total.TotalSeconds:N0} statements/s
                near-copy pairs       true {evaluation.TruePairs:N0}, found {evaluation.FoundPairs:N0}, correct {evaluation.CorrectPairs:N0}
                precision             {evaluation.Precision:0.0000}
                recall                {evaluation.Recall:0.0000}
                exact line counts     {evaluation.ExactAllegations:N0} of {evaluation.Allegations:N0} allegations ({evaluation.ExactLineShare:P2})
                """));
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
