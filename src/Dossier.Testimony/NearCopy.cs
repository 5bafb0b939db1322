namespace Dossier.Testimony;

/// <summary>Two statements judged near-copies of each other: <see cref="LeftId"/> &lt; <see cref="RightId"/> (ordinal), <see cref="Score"/> in 0–1.</summary>
public sealed record NearCopy(string LeftId, string RightId, double Score);

/// <summary>How the near-copy detector works (ADR 1401). The defaults are the documented engine's.</summary>
public sealed record NearCopyOptions
{
    /// <summary>The default <see cref="Threshold"/>, documented in docs/formats/testimony-csv.md.</summary>
    public const double DefaultThreshold = 0.30;

    /// <summary>A pair whose shingle similarity (Dice) reaches this is a near-copy.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>Words per shingle.</summary>
    public int ShingleSize { get; init; } = 3;

    /// <summary>LSH bands; each band is <see cref="RowsPerBand"/> MinHash values, so the signature has bands × rows values.</summary>
    public int Bands { get; init; } = 100;

    /// <summary>MinHash values per band.</summary>
    public int RowsPerBand { get; init; } = 2;

    /// <summary>
    /// A shingle found in more statements than this (and in more than one in a thousand) is common phrasing,
    /// not a copy: it is left out of the signatures, so it cannot make candidates, but still counts in the score.
    /// </summary>
    public int CommonShingleStatements { get; init; } = 100;

    /// <summary>Threads to use (default: every core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Null when the options can be used; else what is wrong.</summary>
    public string? Problem() =>
        Threshold is < 0 or > 1 or double.NaN ? "the threshold must be between 0 and 1"
        : ShingleSize < 1 || Bands < 1 || RowsPerBand < 1 ? "shingle size, bands and rows per band must be at least 1"
        : CommonShingleStatements < 2 ? "the common-shingle limit must be at least 2"
        : Parallelism < 1 ? "parallelism must be at least 1"
        : null;
}
