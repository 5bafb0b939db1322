using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Comparisons;

/// <summary>
/// One field compared between two records, reduced to an agreement level: 0 is the strongest
/// agreement, the last level is "else" (disagreement), and <see cref="Missing"/> means a side had no
/// value — missing is neither agreement nor disagreement and carries no weight.
/// </summary>
internal abstract class Comparison(string column, FieldRole role, string[] levels)
{
    public const byte Missing = 255;

    public string Column { get; } = column;

    public FieldRole Role { get; } = role;

    public IReadOnlyList<string> LevelNames { get; } = levels;

    public int LevelCount => LevelNames.Count;

    /// <summary>Level for records a and b (indices into the record set), or <see cref="Missing"/>.</summary>
    public abstract byte Compare(int a, int b);

    /// <summary>True when an exact agreement is weighted by how rare the shared value is.</summary>
    public virtual bool TermFrequency => false;

    /// <summary>The value id of a record for term-frequency adjustment (0 = missing).</summary>
    public virtual int TermValue(int record) => 0;

    /// <summary>
    /// Share of non-missing records holding a value: the chance a random record has it. With
    /// <paramref name="leaveOneOut"/> (deduplication), the chance that another record of the same set holds
    /// it given one record does: (count − 1) / (non-missing − 1), see <see cref="Shares"/>.
    /// </summary>
    public virtual double TermShare(int value, bool leaveOneOut) => 0;

    /// <summary>Probability that two random records agree exactly, from the value counts (exact, no sampling).</summary>
    public virtual double ExactAgreementByFrequency(int leftCount, bool link) => double.NaN;

    /// <summary>The compared form of a record's value, for explanations.</summary>
    public abstract string Describe(int record);
}
