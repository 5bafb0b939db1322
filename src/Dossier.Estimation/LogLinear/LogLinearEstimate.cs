namespace Dossier.Estimation.LogLinear;

/// <summary>
/// One fitted log-linear model: abundance N̂ (people in total, listed or not), its standard error, the fit
/// statistics as Rcapture prints them, and the caveats. <see cref="InfoFit"/> is Rcapture's code: 0 fine,
/// 1 non-convergence or large asymptotic bias, 2 design not of full rank, 3 other warnings (e.g. fitted
/// values numerically zero); several codes are written as digits in order (e.g. 13).
/// </summary>
public sealed record LogLinearEstimate(
    string Model,
    double Abundance,
    double StandardError,
    double Deviance,
    int DegreesOfFreedom,
    double Aic,
    double Bic,
    int InfoFit,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Parameter count (intercept included) actually estimated.</summary>
    public int Parameters { get; init; }

    /// <summary>Asymptotic bias of N̂ (Rcapture's formula); NaN when not computable.</summary>
    public double AsymptoticBias { get; init; } = double.NaN;

    /// <summary>Coefficients by column name (intercept first) for those who want to inspect the fit.</summary>
    public IReadOnlyDictionary<string, double> Coefficients { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>True when the figure should not be quoted without its caveat: any warning, or N̂ not finite or below n.</summary>
    public bool Degenerate { get; init; }
}

/// <summary>
/// Rcapture's <c>closedpCI</c> interval: the abundance that maximises the profile multinomial likelihood and
/// the 95% profile-likelihood bounds. <see cref="Upper"/> is null when it lies beyond 3·N̂ (Rcapture prints "&gt;").
/// </summary>
public sealed record ProfileInterval(
    string Model,
    double Abundance,
    double Lower,
    double? Upper,
    double UpperSearchLimit,
    int InfoCi,
    IReadOnlyList<string> Warnings);
