using Dossier.Linkage.Blocking;
using Dossier.Linkage.Evaluation;
using Dossier.Linkage.Model;

namespace Dossier.Linkage;

/// <summary>One EM run: which rule's pairs, how many, how long it took to settle, the match share found.</summary>
public sealed record EmRun(string Rule, long Pairs, int Iterations, bool Converged, double MatchShare);

/// <summary>What a run did, for the command's summary and the ledger.</summary>
public sealed record LinkageSummary
{
    public int Records { get; init; }

    public long CandidatePairs { get; init; }

    public IReadOnlyList<BlockingRuleStats> Blocking { get; init; } = [];

    public int Patterns { get; init; }

    public IReadOnlyList<EmRun> Em { get; init; } = [];

    public required LinkageModel Model { get; init; }

    /// <summary>Expected number of matching pairs among all pairs (prior × all pairs).</summary>
    public double ExpectedMatches { get; init; }

    /// <summary>Pairs at or above the threshold.</summary>
    public long Matches { get; init; }

    /// <summary>Deduplication only: entities found (singletons included), and merges refused by the coherence guard.</summary>
    public int Clusters { get; init; }

    public int RefusedMerges { get; init; }

    /// <summary>Deduplication: the odds factor q/s² for two records left alone, and the pairs it joined (ADR 1815).</summary>
    public double LoneFactor { get; init; } = 1;

    public int LonePairsLinked { get; init; }

    /// <summary>Deduplication: the column naming each row's list, if the list guard or competition used it, and
    /// the pairs the competition took below the threshold (ADR 1827).</summary>
    public string? ListColumn { get; init; }

    public long ListCompetitionLowered { get; init; }

    /// <summary>Whether the list guard held in clustering (a list column and <see cref="LinkageOptions.ListGuard"/>).</summary>
    public bool ListGuard { get; init; }

    public PairwiseScore? LabelScore { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Wall time per stage, in order.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Time)> Timings { get; init; } = [];
}
