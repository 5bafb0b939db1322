using System.Text.Json.Serialization;

namespace Dossier.Application.Lists;

/// <summary>The body of a <c>linkage.run</c> (non-finite numbers, e.g. the weight of a level never seen, are written as null) entry: parameters, fitted model, summary and results (docs/formats/lists-and-linkage.md).</summary>
public sealed record LinkageRunBody(
    IReadOnlyList<string> Lists,
    LinkageRunBody.EngineInfo Engine,
    LinkageRunBody.RunParameters Parameters,
    LinkageRunBody.ModelInfo Model,
    LinkageRunBody.SummaryInfo Summary,
    IReadOnlyList<IReadOnlyList<string>> Clusters,
    IReadOnlyList<LinkageRunBody.Edge> Edges,
    IReadOnlyList<LinkageRunBody.Review> ReviewPairs)
{
    public sealed record EngineInfo(string Name, string Version);

    /// <summary>
    /// A matched field: its name in the combined table, its role, and which column of each list feeds it. A list
    /// in <see cref="Joined"/> feeds it with several of its columns joined by a space: a full name made of given
    /// and family names, so a list with one name column is compared with lists that split names (issue 13 item 20).
    /// </summary>
    public sealed record CombinedField(string Name, string Role, IReadOnlyDictionary<string, string> Columns, IReadOnlyDictionary<string, IReadOnlyList<string>>? Joined = null);

    public sealed record Rule(string Name, IReadOnlyList<string> Parts, bool Unordered);

    /// <summary>
    /// What the run was asked. <c>ListGuard</c>: each row's list was compared as a field named <c>list</c> and two rows of
    /// one list joined only when they matched as a pair (ADR 1832); runs recorded before it have false.
    /// </summary>
    public sealed record RunParameters(
        double Threshold,
        double ReviewLower,
        double ReviewUpper,
        int ReviewCap,
        int Seed,
        int MaxBlockSize,
        int RandomPairs,
        int MaxIterations,
        double Tolerance,
        bool TermFrequency,
        double ClusterCoherence,
        IReadOnlyList<CombinedField> Fields,
        IReadOnlyList<Rule> BlockingRules,
        // Left out when false, so a run recorded before the field reads back to the bytes it was sealed with.
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ListGuard = false);

    public sealed record Level(string Name, double? M, double? U, double? Weight);

    public sealed record Comparison(string Column, string Role, bool TermFrequency, IReadOnlyList<Level> Levels);

    public sealed record ModelInfo(double? PriorProbability, IReadOnlyList<Comparison> Comparisons);

    public sealed record EmInfo(string Rule, long Pairs, int Iterations, bool Converged, double? MatchShare);

    public sealed record SummaryInfo(int Rows, long CandidatePairs, int Patterns, IReadOnlyList<EmInfo> Em, long Matches, int Clusters, int RefusedMerges, int ReviewPairs, IReadOnlyList<string> Notes);

    /// <summary>Two rows the run put in one cluster, joined by a match at <c>P</c> ≥ the threshold.</summary>
    public sealed record Edge(string A, string B, double P);

    /// <summary>One comparison's part in a pair's score: both values, the level reached, m, u and the weights.</summary>
    public sealed record ComparisonWeight(string Column, string Role, string Left, string Right, string Level, double? M, double? U, double? Weight, double TermFrequencyWeight);

    public sealed record Explanation(double? PriorWeight, double? TotalWeight, IReadOnlyList<ComparisonWeight> Comparisons);

    /// <summary>A pair in the uncertain band, for people to decide.</summary>
    public sealed record Review(string A, string B, double P, Explanation Explanation);
}
