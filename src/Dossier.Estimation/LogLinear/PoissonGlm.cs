using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.LogLinear;

/// <summary>
/// Poisson log-linear regression by iteratively reweighted least squares, following the steps of R's
/// <c>glm.fit</c> (start at y + 0.1, stop when the relative change of deviance is below 1e-8, at most 25
/// iterations, covariance from the last weighted QR). Following the same path, not just reaching the same
/// optimum, is what lets Dossier reproduce Rcapture's printed figures, including for fits that never converge.
/// </summary>
internal static class PoissonGlm
{
    public const double Epsilon = 1e-8;
    public const int MaxIterations = 25;

    public static GlmFit Fit(double[,] x, double[] y, double[]? offset = null)
    {
        var n = y.Length;
        var p = x.GetLength(1);
        var off = offset ?? new double[n];
        var mu = new double[n];
        var eta = new double[n];
        for (var i = 0; i < n; i++)
        {
            mu[i] = y[i] + 0.1;
            eta[i] = Math.Log(mu[i]);
        }

        var devOld = Deviance(y, mu);
        var converged = false;
        var boundary = false;
        LeastSquares? ls = null;
        var coef = new double[p];
        var z = new double[n];
        var w = new double[n];
        var iterations = 0;
        var dev = devOld;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            iterations = iter;
            for (var i = 0; i < n; i++)
            {
                z[i] = eta[i] - off[i] + ((y[i] - mu[i]) / mu[i]);
                w[i] = Math.Sqrt(mu[i]);
            }

            ls = LeastSquares.Solve(x, z, w);
            var start = ls.Coefficients;
            ComputeEta(x, start, off, eta, mu);
            dev = Deviance(y, mu);

            // Step halving as glm.fit does when the deviance is not finite or a fitted value underflows.
            var halvings = 0;
            while ((!double.IsFinite(dev) || !AllPositiveFinite(mu)) && halvings < 50 && iter > 1)
            {
                boundary = true;
                for (var j = 0; j < p; j++)
                {
                    if (!double.IsNaN(start[j]))
                    {
                        start[j] = (start[j] + coef[j]) / 2;
                    }
                }

                ComputeEta(x, start, off, eta, mu);
                dev = Deviance(y, mu);
                halvings++;
            }

            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                coef = start;
                break;
            }

            devOld = dev;
            coef = start;
        }

        var rank = ls!.Rank;
        var cov = ls.InverseOfCrossProduct();
        var fullCov = new double[p, p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                fullCov[i, j] = double.NaN;
            }
        }

        for (var a = 0; a < rank; a++)
        {
            for (var b = 0; b < rank; b++)
            {
                fullCov[ls.Kept[a], ls.Kept[b]] = cov[a, b];
            }
        }

        var logLik = 0.0;
        var tiny = false;
        for (var i = 0; i < n; i++)
        {
            logLik += (y[i] == 0 ? 0 : y[i] * Math.Log(mu[i])) - mu[i] - SpecialFunctions.LogFactorial(y[i]);
            if (mu[i] < 10 * 2.220446049250313e-16)
            {
                tiny = true;
            }
        }

        return new GlmFit(coef, fullCov, mu, dev, n - rank, rank, logLik, converged, boundary, tiny, iterations);
    }

    private static bool AllPositiveFinite(double[] mu)
    {
        foreach (var m in mu)
        {
            if (!(m > 0) || double.IsInfinity(m))
            {
                return false;
            }
        }

        return true;
    }

    private static void ComputeEta(double[,] x, double[] coef, double[] off, double[] eta, double[] mu)
    {
        var n = eta.Length;
        var p = coef.Length;
        for (var i = 0; i < n; i++)
        {
            var s = off[i];
            for (var j = 0; j < p; j++)
            {
                if (!double.IsNaN(coef[j]))
                {
                    s += x[i, j] * coef[j];
                }
            }

            eta[i] = s;
            mu[i] = Math.Exp(s);
        }
    }

    public static double Deviance(double[] y, double[] mu)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            d += 2 * ((y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
        }

        return d;
    }
}

/// <summary>The outcome of one Poisson fit. Coefficients of aliased columns are NaN.</summary>
internal sealed record GlmFit(
    double[] Coefficients,
    double[,] Covariance,
    double[] Fitted,
    double Deviance,
    int ResidualDf,
    int Rank,
    double LogLikelihood,
    bool Converged,
    bool Boundary,
    bool FittedNumericallyZero,
    int Iterations)
{
    public double Aic => (-2 * LogLikelihood) + (2 * Rank);

    public bool RankDeficient => Rank < Coefficients.Length;
}
