using Dossier.Estimation.Numerics;

namespace Dossier.Estimation.LogLinear;

/// <summary>Fits log-linear models to capture histories the way Rcapture does.</summary>
public static class LogLinearFitter
{
    public static IReadOnlyList<LogLinearEstimate> FitClosedPopulation(CaptureHistories histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return [.. ClosedPopulationModels.For(histories.ListCount).Select(m => Fit(m, histories))];
    }

    internal static double[] Response(CaptureHistories histories)
    {
        var patterns = LogLinearModel.RowPatterns(histories.ListCount);
        var y = new double[patterns.Length];
        for (var r = 0; r < patterns.Length; r++)
        {
            y[r] = histories[patterns[r]];
        }

        return y;
    }

    /// <summary>Fits with Rcapture's removal of negative η for Chao's models; returns the fit and the design used.</summary>
    internal static (GlmFit Fit, double[,] Design, string[] Names, List<string> Warnings) FitDesign(LogLinearModel model, double[] y, double[,]? designOverride = null)
    {
        var design = designOverride ?? model.WithIntercept();
        string[] names = ["(Intercept)", .. model.ColumnNames];
        var fit = PoissonGlm.Fit(design, y);
        var warnings = new List<string>();
        if (model.IsChao)
        {
            // Chao's lower bound needs η ≥ 0: drop the first negative η and refit until none is left.
            while (true)
            {
                var pos = -1;
                for (var c = model.ChaoFixedColumns; c < fit.Coefficients.Length; c++)
                {
                    if (!double.IsNaN(fit.Coefficients[c]) && fit.Coefficients[c] < 0)
                    {
                        pos = c;
                        break;
                    }
                }

                if (pos < 0)
                {
                    break;
                }

                design = RemoveColumn(design, pos);
                names = [.. names.Where((_, i) => i != pos)];
                fit = PoissonGlm.Fit(design, y);
            }
        }

        if (!fit.Converged)
        {
            warnings.Add("the fit did not converge in 25 iterations: some estimates may be infinite (a boundary fit)");
        }

        if (fit.FittedNumericallyZero)
        {
            warnings.Add("fitted counts numerically 0 occurred: a boundary fit");
        }

        if (fit.RankDeficient)
        {
            warnings.Add("design matrix not of full rank: some parameters cannot be estimated from these data");
        }

        return (fit, design, names, warnings);
    }

    private static double[,] RemoveColumn(double[,] x, int column)
    {
        var n = x.GetLength(0);
        var p = x.GetLength(1);
        var result = new double[n, p - 1];
        for (var i = 0; i < n; i++)
        {
            for (int j = 0, k = 0; j < p; j++)
            {
                if (j != column)
                {
                    result[i, k++] = x[i, j];
                }
            }
        }

        return result;
    }

    public static LogLinearEstimate Fit(LogLinearModel model, CaptureHistories histories)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(histories);
        if (model.ListCount != histories.ListCount)
        {
            throw new ArgumentException($"The model is for {model.ListCount} lists, the histories have {histories.ListCount}.", nameof(model));
        }

        var y = Response(histories);
        double n = histories.Observed;
        var (fit, design, names, warnings) = FitDesign(model, y);
        var b = fit.Coefficients;
        var v = fit.Covariance;
        var t = model.ListCount;
        double abundance;
        double se;
        switch (model.Form)
        {
            case AbundanceForm.Mb:
            {
                var e1 = Math.Exp(b[1]);
                var e2 = Math.Exp(b[2]);
                abundance = Math.Exp(b[0]) * Math.Pow(1 + e2, t) / (1 + e2 - e1);
                double[] g =
                [
                    abundance,
                    abundance * e1 / (1 + e2 - e1),
                    abundance * ((t * e2 / (1 + e2)) - (e2 / (1 + e2 - e1))),
                ];
                se = Math.Sqrt(Quadratic(g, v) - abundance);
                break;
            }

            case AbundanceForm.Mbh:
            {
                var d = 1 + Math.Exp(b[3]) - Math.Exp(b[2]);
                var scale = Math.Exp(b[0]) * Math.Pow(1 + Math.Exp(b[3]), t - 1);
                abundance = scale * (1 + (Math.Exp(b[1] + b[2]) / d));
                double[] g =
                [
                    scale * (1 + (Math.Exp(b[1] + b[2]) / d)),
                    scale * Math.Exp(b[1] + b[2]) / d,
                    scale * ((Math.Exp(b[1] + b[2]) / d) + (Math.Exp(b[1] + (2 * b[2])) / (d * d))),
                    scale * (((t - 1) * Math.Exp(b[3]) / (1 + Math.Exp(b[3]))) - (Math.Exp(b[1] + b[2] + b[3]) / (d * d))),
                ];
                se = Math.Sqrt(Quadratic(g, v) - abundance);
                break;
            }

            default:
                abundance = n + Math.Exp(b[0]);
                se = Math.Sqrt(Math.Exp(b[0]) + (Math.Exp(2 * b[0]) * v[0, 0]));
                break;
        }

        var bias = fit.RankDeficient ? double.NaN : AsymptoticBias(design, fit);
        if (!double.IsNaN(bias) && Math.Abs(bias) > 0.1 * abundance)
        {
            warnings.Add("the asymptotic bias is large (over 10% of the estimate)");
        }

        var info = InfoCode(warnings);
        var extra = new List<string>(warnings);
        if (!double.IsFinite(abundance) || abundance < n)
        {
            extra.Add($"the abundance estimate ({abundance:F1}) is below the {n:F0} people observed or not finite: this model does not fit these data");
        }

        // Rcapture stays silent here, but these are infinite estimates cut short by the convergence rule: a
        // pattern nobody has, or a list that holds everyone, is driving the fit.
        var boundary = BoundaryTerms(design, names, fit);
        if (boundary.Count > 0)
        {
            extra.Add($"boundary fit: {string.Join(", ", boundary)} effectively infinite (a pattern with nobody in it, or a list holding everyone); the estimate rests on that");
        }

        var coefficients = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            coefficients[names[i]] = b[i];
        }

        return new LogLinearEstimate(
            model.Name,
            abundance,
            se,
            fit.Deviance,
            fit.ResidualDf,
            fit.Aic,
            fit.Aic + ((Math.Log(n) - 2) * fit.Rank),
            info,
            extra)
        {
            Parameters = fit.Rank,
            AsymptoticBias = bias,
            Coefficients = coefficients,
            Degenerate = extra.Count > 0 || !double.IsFinite(se),
        };
    }

    /// <summary>Terms whose effect on the log of a cell's count exceeds 30 (a factor of 10^13), or an unobserved cell fitted at nearly nobody.</summary>
    private static List<string> BoundaryTerms(double[,] x, string[] names, GlmFit fit)
    {
        var result = new List<string>();
        var rows = x.GetLength(0);
        for (var c = 0; c < names.Length; c++)
        {
            var b = fit.Coefficients[c];
            if (!double.IsFinite(b))
            {
                continue;
            }

            double lo = double.MaxValue, hi = double.MinValue;
            for (var r = 0; r < rows; r++)
            {
                lo = Math.Min(lo, x[r, c]);
                hi = Math.Max(hi, x[r, c]);
            }

            var range = c == 0 ? 1 : hi - lo;
            if (Math.Abs(b) * range > 30 || (c == 0 && b < Math.Log(1e-3)))
            {
                result.Add(c == 0 ? "the unobserved count (intercept) is" : $"coefficient '{names[c]}' is");
            }
        }

        return result;
    }

    private static double Quadratic(double[] g, double[,] v)
    {
        var s = 0.0;
        for (var i = 0; i < g.Length; i++)
        {
            for (var j = 0; j < g.Length; j++)
            {
                s += g[i] * v[i, j] * g[j];
            }
        }

        return s;
    }

    /// <summary>Rcapture's asymptotic bias of exp(intercept) (Louis-Paul Rivest's formula).</summary>
    private static double AsymptoticBias(double[,] x, GlmFit fit)
    {
        var n = x.GetLength(0);
        var p = x.GetLength(1);
        var v = fit.Covariance;
        var xi = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var a = 0; a < p; a++)
            {
                for (var c = 0; c < p; c++)
                {
                    s += x[i, a] * v[a, c] * x[i, c];
                }
            }

            xi[i] = -0.5 * s;
        }

        var psi = new double[p];
        for (var a = 0; a < p; a++)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += x[i, a] * fit.Fitted[i] * xi[i];
            }

            psi[a] = -2 * s;
        }

        psi[0] -= 1;
        var vec0 = 0.0;
        for (var c = 0; c < p; c++)
        {
            vec0 -= v[0, c] * psi[c];
        }

        return 0.5 * Math.Exp(fit.Coefficients[0]) * vec0;
    }

    internal static int InfoCode(IEnumerable<string> warnings)
    {
        var codes = new SortedSet<int>();
        foreach (var w in warnings)
        {
            codes.Add(w.Contains("converge", StringComparison.Ordinal) || w.Contains("asymptotic bias", StringComparison.Ordinal) ? 1
                : w.Contains("not of full rank", StringComparison.Ordinal) ? 2
                : w.Contains("lower bound", StringComparison.Ordinal) ? 5
                : w.Contains("upper bound", StringComparison.Ordinal) ? 6
                : 3);
        }

        var code = 0;
        foreach (var c in codes)
        {
            code = (code * 10) + c;
        }

        return code;
    }
}
