using Dossier.Linkage.Fields;
using Dossier.Text;

namespace Dossier.Linkage.Comparisons;

/// <summary>
/// Codes and identifiers (postcodes, id numbers, street numbers, states): exact, then — unless
/// <paramref name="exactOnly"/> — one edit apart (a typo or a swap of two digits), then else.
/// </summary>
internal sealed class CodeComparison(string column, FieldRole role, TextColumn data, bool exactOnly)
    : Comparison(column, role, exactOnly ? ["exact", "else"] : ["exact", "one edit apart", "else"])
{
    public override bool TermFrequency => true;

    public override byte Compare(int a, int b)
    {
        var va = data.Value[a];
        var vb = data.Value[b];
        if (va == 0 || vb == 0)
        {
            return Missing;
        }

        if (va == vb)
        {
            return 0;
        }

        if (exactOnly)
        {
            return 1;
        }

        var sa = data.Span(va);
        var sb = data.Span(vb);
        if (Math.Abs(sa.Length - sb.Length) <= 1 && Math.Min(sa.Length, sb.Length) >= 2 && Similarity.WithinOneEdit(sa, sb))
        {
            return 1;
        }

        return 2;
    }

    public int DistinctCount => data.DistinctCount;

    public override int TermValue(int record) => data.Value[record];

    public override double TermShare(int value, bool leaveOneOut) => Shares.Of(data.Frequency[value], data.NonMissing, leaveOneOut);

    public override double ExactAgreementByFrequency(int leftCount, bool link) => FrequencyAgreement.Exact(data.Value, leftCount, link, data.DistinctCount);

    public override string Describe(int record) => data.Texts[data.Value[record]];
}
