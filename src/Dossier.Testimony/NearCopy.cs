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

    /// <summary>The default <see cref="CrossAllegationThreshold"/> (ADR 1829).</summary>
    public const double DefaultCrossAllegationThreshold = 0.60;

    /// <summary>The default <see cref="AllegationBlockLimit"/> (ADR 1829).</summary>
    public const int DefaultAllegationBlockLimit = 200;

    /// <summary>
    /// The bar for two statements of different allegations (ADR 1829): coaching is a script handed to several
    /// witnesses about one event, so a pair that shares no allegation is a near-copy only when it scores at or
    /// above this as well as <see cref="Threshold"/> (a statement filed twice, a script reused whole). Set it to
    /// the threshold or below to judge every pair alike. Used only when the allegations are known.
    /// </summary>
    public double CrossAllegationThreshold { get; init; } = DefaultCrossAllegationThreshold;

    /// <summary>
    /// An allegation with at most this many statements has every pair of its statements scored, besides the pairs
    /// the LSH bands give (ADR 1829), so that copies whose shared runs are stock phrases are not missed; larger
    /// allegations rely on the bands alone. At most n × limit / 2 extra pairs. 0 turns this off.
    /// </summary>
    public int AllegationBlockLimit { get; init; } = DefaultAllegationBlockLimit;

    /// <summary>The default <see cref="StockScoreShare"/> (ADR 1829).</summary>
    public const double DefaultStockScoreShare = 0.01;

    /// <summary>
    /// In the score, a shingle found in more than this share of the statements (and in more than
    /// <see cref="CommonShingleStatements"/>) is a stock phrase and counts share × n / df instead of 1 (ADR 1828,
    /// ADR 1829): a share of the file, not a count, so that a pair scores the same in a file ten times larger.
    /// </summary>
    public double StockScoreShare { get; init; } = DefaultStockScoreShare;

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
        : CrossAllegationThreshold is < 0 or > 1 or double.NaN ? "the cross-allegation threshold must be between 0 and 1"
        : AllegationBlockLimit < 0 ? "the allegation block limit must not be negative"
        : StockScoreShare is < 0 or > 1 or double.NaN ? "the stock-phrase share must be between 0 and 1"
        : ShingleSize < 1 || Bands < 1 || RowsPerBand < 1 ? "shingle size, bands and rows per band must be at least 1"
        : CommonShingleStatements < 2 ? "the common-shingle limit must be at least 2"
        : Parallelism < 1 ? "parallelism must be at least 1"
        : null;
}
