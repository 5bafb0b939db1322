using Dossier.Linkage.Fields;

namespace Dossier.Linkage;

/// <summary>One comparison's part in a pair's score.</summary>
public sealed record ComparisonExplanation(
    string Column,
    FieldRole Role,
    string LeftValue,
    string RightValue,
    string Level,
    double M,
    double U,
    double Weight,
    double TermFrequencyWeight);

/// <summary>Why a pair scored what it did: the prior, every comparison's level and weight, the total and the probability.</summary>
public sealed record PairExplanation(
    string LeftId,
    string RightId,
    double PriorWeight,
    IReadOnlyList<ComparisonExplanation> Comparisons,
    double TotalWeight,
    double Probability)
{
    public override string ToString()
    {
        var lines = new List<string>
        {
            FormattableString.Invariant($"{LeftId} ~ {RightId}: match probability {Probability:0.000000} (weight {TotalWeight:+0.00;-0.00})"),
            FormattableString.Invariant($"  prior                                          {PriorWeight,8:+0.00;-0.00}"),
        };
        foreach (var c in Comparisons)
        {
            var values = $"'{c.LeftValue}' / '{c.RightValue}'";
            var tf = c.TermFrequencyWeight != 0 ? FormattableString.Invariant($" (term frequency {c.TermFrequencyWeight:+0.00;-0.00})") : string.Empty;
            lines.Add(FormattableString.Invariant(
                $"  {c.Column,-16} {c.Level,-40} {c.Weight + c.TermFrequencyWeight,8:+0.00;-0.00}  m={c.M:0.0000} u={c.U:0.000000}  {values}{tf}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
