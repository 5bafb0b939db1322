namespace Dossier.Testimony;

/// <summary>How the engines did against known truth: near-copy precision and recall, and exact line counts.</summary>
public sealed record TestimonyEvaluation(int TruePairs, int FoundPairs, int CorrectPairs, int Allegations, int ExactAllegations)
{
    public double Precision => FoundPairs == 0 ? 1 : (double)CorrectPairs / FoundPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    /// <summary>Share of allegations whose line counts are exact for both stances.</summary>
    public double ExactLineShare => Allegations == 0 ? 1 : (double)ExactAllegations / Allegations;

    /// <summary>Compares what the engines found with the truth (pairs left &lt; right; lines per allegation and stance).</summary>
    public static TestimonyEvaluation Of(
        IReadOnlyList<NearCopy> found,
        IReadOnlyList<AllegationLines> lines,
        IReadOnlyList<(string Left, string Right)> truePairs,
        IReadOnlyDictionary<(string AllegationId, Stance Stance), int> trueLines)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(truePairs);
        ArgumentNullException.ThrowIfNull(trueLines);
        var truth = truePairs.ToHashSet();
        var correct = found.Count(p => truth.Contains((p.LeftId, p.RightId)));
        var counted = lines.ToDictionary(l => (l.AllegationId, l.Stance), l => l.Lines.Count);
        var allegations = trueLines.Keys.Select(k => k.AllegationId).Distinct(StringComparer.Ordinal).ToList();
        var exact = allegations.Count(a => new[] { Stance.Supports, Stance.Contradicts }.All(s =>
            counted.GetValueOrDefault((a, s)) == trueLines.GetValueOrDefault((a, s))));
        return new TestimonyEvaluation(truth.Count, found.Count, correct, allegations.Count, exact);
    }
}
