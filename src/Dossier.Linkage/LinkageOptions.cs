using Dossier.Linkage.Blocking;

namespace Dossier.Linkage;

/// <summary>How clerical labels are used.</summary>
public enum LabelUse
{
    /// <summary>Only measure precision and recall on the labelled pairs.</summary>
    Evaluate,

    /// <summary>Estimate m from the labelled matches instead of EM (u still from random pairs), then measure.</summary>
    FixParameters,
}

/// <summary>How m is estimated by EM.</summary>
public enum EmStrategy
{
    /// <summary>One EM run per blocking rule over its pairs, leaving the rule's own fields out (as Splink trains).</summary>
    PerRule,

    /// <summary>One EM run over all candidate pairs with m and u both free (as the ECM of the Python toolkit).</summary>
    Pooled,
}

/// <summary>A pair judged by a person: ids and whether they are the same entity.</summary>
public sealed record ClericalLabel(string LeftId, string RightId, bool IsMatch);

/// <summary>Settings of one linkage or deduplication run. Defaults suit lists of people.</summary>
public sealed record LinkageOptions
{
    /// <summary>Pairs at or above this match probability are matches (and cluster edges).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Blocking rules; null means the defaults for the fields present.</summary>
    public IReadOnlyList<BlockingRule>? Rules { get; init; }

    /// <summary>Blocks with more records than this are skipped (and reported).</summary>
    public int MaxBlockSize { get; init; } = 100;

    /// <summary>
    /// Blocking reads a record whose given and family names look written the other way round (by how often each
    /// name's phonetic key stands in each column; <see cref="Blocking.Blocker.SwappedNames"/>) as if swapped back,
    /// for every rule's keys, so the rules on one of the two names meet its partner (ADR 1831). The comparisons
    /// already match swapped names; without both a given and a family name it does nothing.
    /// </summary>
    public bool SwappedNameBlocking { get; init; } = true;

    /// <summary>At most this many random record pairs are drawn to estimate u (two per record, at least 10,000).</summary>
    public int RandomPairs { get; init; } = 500_000;

    /// <summary>Seed for the random pairs: runs are reproducible.</summary>
    public int Seed { get; init; } = 1988;

    public int MaxIterations { get; init; } = 200;

    public EmStrategy Em { get; init; } = EmStrategy.PerRule;

    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Weight exact agreement by the rarity of the value.</summary>
    public bool TermFrequency { get; init; } = true;

    /// <summary>Linkage only: keep at most one match per record on each side (best first).</summary>
    public bool OneToOne { get; init; }

    /// <summary>
    /// Clustering guard: two groups merge only if the mean match probability over all their cross
    /// pairs reaches this (average linkage), so one strong link cannot chain unrelated groups.
    /// </summary>
    public double ClusterCoherence { get; init; } = 0.5;

    /// <summary>
    /// Clustering: pairs of two records that nothing else claimed are weighed again knowing that (the odds
    /// times q/s², both from the first pass; ADR 1815), and joined when that reaches the threshold.
    /// </summary>
    public bool LonePairs { get; init; } = true;

    /// <summary>
    /// Deduplication with a list column (list, list_id, source, source_list): two groups whose union would hold
    /// two rows of one list merge only if each such pair of rows reaches <see cref="ClusterCoherence"/> by
    /// itself — one person is rarely twice on one list (ADR 1827). Without such a column it does nothing.
    /// </summary>
    public bool ListGuard { get; init; } = true;

    /// <summary>
    /// Deduplication with a list column: before clustering, a record's candidates on one list compete as
    /// hypotheses of a soft one-to-one assignment (ADR 1827). Off by default: it gains at 100,000 rows and
    /// on the defaults at 1,000,000, and loses on the harder lists at 1,000,000, where recall is what is short.
    /// </summary>
    public bool ListCompetition { get; init; }

    /// <summary>Cross pairs scored at most when checking a merge; larger groups are sampled evenly.</summary>
    public int CoherenceSample { get; init; } = 400;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public IReadOnlyList<ClericalLabel>? Labels { get; init; }

    public LabelUse LabelUse { get; init; } = LabelUse.Evaluate;
}
