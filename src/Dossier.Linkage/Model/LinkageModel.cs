using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Model;

/// <summary>m and u of one agreement level, and its match weight log2(m/u).</summary>
public sealed record LevelParameters(string Level, double M, double U)
{
    public double Weight => Math.Log2(M / U);
}

/// <summary>The fitted parameters of one comparison.</summary>
public sealed record ComparisonParameters(string Column, FieldRole Role, bool TermFrequency, IReadOnlyList<LevelParameters> Levels);

/// <summary>
/// A fitted Fellegi–Sunter model: per comparison and level an m (chance of the level among true
/// matches) and u (among random non-matches), the prior chance that two random records match, and
/// term-frequency weights for exact agreement on a value. Scores any pair of the record set.
/// </summary>
public sealed class LinkageModel
{
    private readonly double[][] _weight;
    private readonly double[][]? _tfWeight;
    private readonly double[]?[]? _tfPhonetic;

    internal LinkageModel(Comparison[] comparisons, double[][] m, double[][] u, double priorProbability, bool termFrequency, bool deduplication = false)
    {
        Comparisons = comparisons;
        M = m;
        U = u;
        PriorProbability = priorProbability;
        _weight = new double[comparisons.Length][];
        var parameters = new ComparisonParameters[comparisons.Length];
        for (var c = 0; c < comparisons.Length; c++)
        {
            _weight[c] = new double[m[c].Length];
            var levels = new LevelParameters[m[c].Length];
            for (var l = 0; l < m[c].Length; l++)
            {
                _weight[c][l] = Math.Log2(m[c][l] / u[c][l]);
                levels[l] = new LevelParameters(comparisons[c].LevelNames[l], m[c][l], u[c][l]);
            }

            parameters[c] = new ComparisonParameters(comparisons[c].Column, comparisons[c].Role,
                termFrequency && comparisons[c].TermFrequency, levels);
        }

        Parameters = parameters;
        if (termFrequency)
        {
            _tfWeight = new double[comparisons.Length][];
            _tfPhonetic = new double[]?[comparisons.Length];
            for (var c = 0; c < comparisons.Length; c++)
            {
                _tfWeight[c] = BuildTermWeights(comparisons[c], u[c][0], deduplication);
                _tfPhonetic[c] = BuildPhoneticWeights(comparisons[c], deduplication);
            }
        }
    }

    public IReadOnlyList<ComparisonParameters> Parameters { get; }

    /// <summary>The chance that two records drawn at random are the same entity.</summary>
    public double PriorProbability { get; internal set; }

    /// <summary>The prior as a match weight, log2 of the prior odds.</summary>
    public double PriorWeight => Math.Log2(PriorProbability / (1 - PriorProbability));

    internal Comparison[] Comparisons { get; }

    internal double[][] M { get; }

    internal double[][] U { get; }

    internal double LevelWeight(int comparison, int level) => _weight[comparison][level];

    /// <summary>
    /// Term-frequency adjustment for agreement of records a and b at a level: exact agreement is
    /// weighed by the rarity of the shared value, agreement on a phonetic key (level 1 of names and
    /// places) by the rarity of the key — so "Husein" ~ "Hossein" counts as little as any Hossein.
    /// Nothing when the records do not share the value or key (names matched through a swap).
    /// </summary>
    internal double TermWeight(int comparison, int level, int a, int b)
    {
        if (level == 1)
        {
            var keys = _tfPhonetic?[comparison];
            if (keys is null || Comparisons[comparison] is not TextComparison text)
            {
                return 0;
            }

            var key = text.PhoneticOf(a);
            return key != 0 && key == text.PhoneticOf(b) && key < keys.Length ? keys[key] : 0;
        }

        if (level != 0)
        {
            return 0;
        }

        var table = _tfWeight?[comparison];
        if (table is null || table.Length == 0)
        {
            return 0;
        }

        var value = Comparisons[comparison].TermValue(a);
        return value == Comparisons[comparison].TermValue(b) && value < table.Length ? table[value] : 0;
    }

    /// <summary>Total match weight of a pair (prior included); allocation-free.</summary>
    internal double Weigh(int a, int b)
    {
        var w = PriorWeight;
        for (var c = 0; c < Comparisons.Length; c++)
        {
            var level = Comparisons[c].Compare(a, b);
            if (level == Comparison.Missing)
            {
                continue;
            }

            w += _weight[c][level] + TermWeight(c, level, a, b);
        }

        return w;
    }

    /// <summary>Match probability of records a and b.</summary>
    internal double Probability(int a, int b) => ToProbability(Weigh(a, b));

    internal static double ToProbability(double weight) => 1.0 / (1.0 + Math.Pow(2, -weight));

    // For each phonetic key: log2(average chance two random records share a key / chance another record
    // has this key). In a deduplication both leave the record itself out (Shares, ADR 1815); the average
    // is then Σ share · leave-one-out share, the chance that two different random records share a key.
    private static double[]? BuildPhoneticWeights(Comparison comparison, bool deduplication)
    {
        if (comparison is not TextComparison { PhoneticLevel: true } text)
        {
            return null;
        }

        var shares = text.PhoneticShares(deduplication);
        var plain = deduplication ? text.PhoneticShares(false) : shares;
        double average = 0;
        for (var k = 0; k < shares.Length; k++)
        {
            average += plain[k] * shares[k];
        }

        var weights = new double[shares.Length];
        for (var k = 1; k < shares.Length; k++)
        {
            weights[k] = shares[k] > 0 && average > 0 ? Math.Log2(average / shares[k]) : 0;
        }

        return weights;
    }

    // For each value: log2(u_exact / chance that the other record holds the value). A value held by
    // everyone weighs less than an average exact agreement; a rare one more. In a deduplication the
    // chance leaves the record itself out (Shares, ADR 1815).
    private static double[] BuildTermWeights(Comparison comparison, double uExact, bool deduplication)
    {
        if (!comparison.TermFrequency)
        {
            return [];
        }

        var distinct = comparison switch
        {
            TextComparison t => t.Data.DistinctCount,
            _ => 0,
        };
        if (comparison is CodeComparison code)
        {
            distinct = code.DistinctCount;
        }

        var weights = new double[distinct];
        for (var v = 1; v < distinct; v++)
        {
            var share = comparison.TermShare(v, deduplication);
            weights[v] = share > 0 ? Math.Log2(uExact / share) : 0;
        }

        return weights;
    }
}
