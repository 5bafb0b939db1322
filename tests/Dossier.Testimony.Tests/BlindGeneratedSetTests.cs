using System.Text;
using Dossier.Benchmarks.Testimony;

namespace Dossier.Testimony.Tests;

/// <summary>
/// An external check: the engines on SYNTHETIC statements from the bench's blind generator
/// (bench/Dossier.Benchmarks/Testimony/BlindTestimonyGenerator.cs, linked into this project), written from
/// issue 14 alone and never tuned to the engines — Persian with Arabic letter forms, ZWNJ habits and both kinds
/// of digits, English, Swedish and German, names in several spellings and scripts, coached scripts reordered
/// and respelt, honest witnesses sharing stock phrases, two-sentence and 2,000-word statements.
/// </summary>
public sealed class BlindGeneratedSetTests
{
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5, 6];

    private static (BlindTestimonySet, BlindScore) Evaluate(int statements, ulong seed)
    {
        var set = BlindTestimonyGenerator.Generate(statements, seed);
        var writer = new StringWriter();
        set.WriteCsv(writer);
        var read = StatementCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(writer.ToString())), "statements.csv");
        var pairs = new NearCopyDetector().Find(read);
        var lines = IndependentLines.Count(read, pairs);
        var score = BlindScore.Of(set, pairs.Select(p => (p.LeftId, p.RightId)), lines.ToDictionary(l => (l.AllegationId, Stances.Name(l.Stance)), l => l.Lines.Count));
        return (set, score);
    }

    [Fact]
    public void On_six_blind_sets_of_500_statements_precision_and_recall_reach_95_percent_and_line_counts_are_exact_for_95_percent()
    {
        // Pooled over six seeds: one set of 500 statements has only about 65 allegations, so one allegation is 1.5 %.
        // At 10,000 and 100,000 statements precision is lower (docs/BENCHMARKS.md, "A blind generator"): honest
        // two-sentence statements sharing a whole stock sentence meet more often in a larger file.
        var scores = Seeds.Select(seed => Evaluate(500, seed).Item2).ToList();
        var pooled = new BlindScore(scores.Sum(s => s.Found), scores.Sum(s => s.True), scores.Sum(s => s.Hits), scores.Sum(s => s.Allegations),
            scores.Sum(s => s.ExactAllegations), scores.Sum(s => s.Sides), scores.Sum(s => s.ExactSides));

        pooled.Precision.ShouldBeGreaterThanOrEqualTo(0.95, pooled.ToString());
        pooled.Recall.ShouldBeGreaterThanOrEqualTo(0.95, pooled.ToString());
        pooled.ExactAllegationShare.ShouldBeGreaterThanOrEqualTo(0.95, pooled.ToString());
    }

    [Fact]
    public void The_blind_set_is_synthetic_multilingual_and_holds_what_the_issue_names()
    {
        var set = BlindTestimonyGenerator.Generate(500, 1);

        set.Statements.ShouldAllBe(s => s.Id.StartsWith("SYN-", StringComparison.Ordinal) && s.WitnessId.StartsWith("SYN-", StringComparison.Ordinal)
            && s.AllegationId.StartsWith("SYN-", StringComparison.Ordinal));
        set.Statements.Where(s => s.Intermediary.Length > 0).ShouldAllBe(s => s.Intermediary.Contains("SYN", StringComparison.OrdinalIgnoreCase));
        set.Statements.Select(s => s.Language.Split('-')[0]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["de", "en", "fa", "sv"]);
        set.Statements.ShouldContain(s => s.Text.Contains('ي') || s.Text.Contains('ك'));
        set.Statements.ShouldContain(s => s.Text.Contains('۱'));
        set.Statements.ShouldContain(s => s.Language.StartsWith("en", StringComparison.Ordinal) && s.Text.Contains("نوری", StringComparison.Ordinal));
        set.Statements.ShouldContain(s => s.Text.Split(' ').Length >= 2000);
        set.NearCopies.ShouldNotBeEmpty();
        BlindTestimonyGenerator.Generate(300, 5).Statements.ShouldBe(BlindTestimonyGenerator.Generate(300, 5).Statements);
    }
}
