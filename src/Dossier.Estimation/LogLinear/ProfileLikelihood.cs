using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.LogLinear;

/// <summary>
/// Profile-likelihood confidence interval for N (Rcapture's closedpCI): for each candidate N the unobserved
/// cell gets N − n people, the model is refitted on all 2^K cells, and the multinomial log-likelihood comes
/// from that deviance with Cormack's (1992) correction. The interval holds the N whose log-likelihood is
/// within χ²₁(0.95)/2 of the maximum.
/// </summary>
public static class ProfileLikelihood
{
    /// <summary>Rcapture's default: the upper bound is searched up to 3 × N̂ (Poisson estimate).</summary>
    public const double UpperSearchFactor = 3;

    public static ProfileInterval Interval(LogLinearModel model, CaptureHistories histories, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(histories);
        if (model.Form != AbundanceForm.Intercept)
        {
            throw new ArgumentException($"Profile intervals apply to models whose abundance is the unobserved cell; {model.Name} is not one.", nameof(model));
        }

        var poisson = LogLinearFitter.Fit(model, histories);
        double n = histories.Observed;
        var warnings = new List<string>();
        if (poisson.Warnings.Any(w => w.Contains("not of full rank", StringComparison.Ordinal)))
        {
            return new ProfileInterval(model.Name, double.NaN, double.NaN, null, double.NaN, -1, ["design matrix not of full rank: no profile interval"]);
        }

        var y = LogLinearFitter.Response(histories);
        var yAug = new double[y.Length + 1];
        y.CopyTo(yAug, 0);
        var xFull = model.WithIntercept();
        var rows = xFull.GetLength(0);
        var cols = xFull.GetLength(1);
        var xAug = new double[rows + 1, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                xAug[i, j] = xFull[i, j];
            }
        }

        xAug[rows, 0] = 1;

        double LogLik(double bigN)
        {
            var n0 = bigN - n;
            yAug[rows] = n0;
            var fit = LogLinearFitter.FitDesign(model, yAug, xAug).Fit;
            var total = bigN;
            double ct;
            if (total > 100)
            {
                ct = n0 == 0 || n0 == 1 ? -total + (0.5 * Math.Log(2 * Math.PI * total)) : n0 - total - (0.5 * Math.Log(n0 / total));
            }
            else
            {
                ct = (n0 > 0 ? n0 * Math.Log(n0) : 0) + SpecialFunctions.LogGamma(total + 1) - (total * Math.Log(total)) - SpecialFunctions.LogGamma(n0 + 1);
            }

            return (fit.Deviance - (2 * ct)) / -2;
        }

        var (nMax, lMax) = Brent.Maximize(LogLik, n, 1.5 * poisson.Abundance, 1e-4);
        var threshold = lMax - (ChiSquareOneDf(level) / 2);
        var lower = Brent.Root(x => LogLik(x) - threshold, n, nMax, 1e-4);
        if (lower is null)
        {
            warnings.Add("the CI lower bound is set to the sample size n");
        }

        var limit = UpperSearchFactor * poisson.Abundance;
        var upper = Brent.Root(x => LogLik(x) - threshold, nMax, limit, 1e-4);
        if (upper is null)
        {
            warnings.Add($"the CI upper bound is larger than {limit:F1} (3 × the Poisson estimate)");
        }

        return new ProfileInterval(model.Name, nMax, lower ?? n, upper, limit, LogLinearFitter.InfoCode(warnings), warnings);
    }

    private static double ChiSquareOneDf(double level)
    {
        if (level == 0.95)
        {
            return SpecialFunctions.ChiSquare1At95;
        }

        var z = SpecialFunctions.NormalQuantile(0.5 + (level / 2));
        return z * z;
    }
}
