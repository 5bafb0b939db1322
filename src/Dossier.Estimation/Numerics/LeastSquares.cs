namespace Dossier.Estimation.Numerics;

/// <summary>
/// Householder QR least squares with R's rule for aliased columns: a column whose remaining norm falls
/// below <c>tol</c> times its original norm is set aside (its coefficient is reported as NaN), the rest keep
/// their order. Matrices here are tiny (at most 2^K − 1 rows, a few dozen columns), so plain arrays suffice.
/// </summary>
internal sealed class LeastSquares
{
    private LeastSquares(double[] coefficients, int[] kept, double[,] r)
    {
        Coefficients = coefficients;
        Kept = kept;
        UpperTriangle = r;
    }

    /// <summary>One value per column of the design; NaN for an aliased column.</summary>
    public double[] Coefficients { get; }

    /// <summary>Indices of the columns that were estimated, in order.</summary>
    public int[] Kept { get; }

    /// <summary>R of the QR factorisation over the kept columns.</summary>
    public double[,] UpperTriangle { get; }

    public int Rank => Kept.Length;

    /// <summary>Solves min ‖w·(z − X b)‖ where w are square-root weights.</summary>
    public static LeastSquares Solve(double[,] x, double[] z, double[] sqrtWeights, double tol = 1e-11)
    {
        var n = x.GetLength(0);
        var p = x.GetLength(1);
        var a = new double[n, p];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                a[i, j] = x[i, j] * sqrtWeights[i];
            }

            y[i] = z[i] * sqrtWeights[i];
        }

        var originalNorm = new double[p];
        for (var j = 0; j < p; j++)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += a[i, j] * a[i, j];
            }

            originalNorm[j] = Math.Sqrt(s);
        }

        var kept = new List<int>(p);
        var reflectors = new List<double[]>(p);
        foreach (var j in Enumerable.Range(0, p))
        {
            var row = kept.Count;
            if (row >= n)
            {
                continue;
            }

            var s = 0.0;
            for (var i = row; i < n; i++)
            {
                s += a[i, j] * a[i, j];
            }

            var norm = Math.Sqrt(s);
            if (originalNorm[j] == 0 || norm < tol * originalNorm[j])
            {
                continue;
            }

            // Householder vector v so that (I − 2vvᵀ/vᵀv) maps column j below row onto ±norm·e.
            var alpha = a[row, j] > 0 ? -norm : norm;
            var v = new double[n];
            for (var i = row; i < n; i++)
            {
                v[i] = a[i, j];
            }

            v[row] -= alpha;
            var vtv = 0.0;
            for (var i = row; i < n; i++)
            {
                vtv += v[i] * v[i];
            }

            if (vtv > 0)
            {
                for (var c = 0; c < p; c++)
                {
                    Reflect(a, c, v, row, n, vtv);
                }

                var dot = 0.0;
                for (var i = row; i < n; i++)
                {
                    dot += v[i] * y[i];
                }

                var f = 2 * dot / vtv;
                for (var i = row; i < n; i++)
                {
                    y[i] -= f * v[i];
                }
            }

            reflectors.Add(v);
            kept.Add(j);
        }

        var rank = kept.Count;
        var r = new double[rank, rank];
        for (var i = 0; i < rank; i++)
        {
            for (var k = i; k < rank; k++)
            {
                r[i, k] = a[i, kept[k]];
            }
        }

        var b = new double[rank];
        for (var i = rank - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < rank; k++)
            {
                s -= r[i, k] * b[k];
            }

            b[i] = s / r[i, i];
        }

        var coefficients = new double[p];
        Array.Fill(coefficients, double.NaN);
        for (var i = 0; i < rank; i++)
        {
            coefficients[kept[i]] = b[i];
        }

        return new LeastSquares(coefficients, [.. kept], r);
    }

    private static void Reflect(double[,] a, int column, double[] v, int row, int n, double vtv)
    {
        var dot = 0.0;
        for (var i = row; i < n; i++)
        {
            dot += v[i] * a[i, column];
        }

        var f = 2 * dot / vtv;
        if (f == 0)
        {
            return;
        }

        for (var i = row; i < n; i++)
        {
            a[i, column] -= f * v[i];
        }
    }

    /// <summary>(RᵀR)⁻¹ over the kept columns: the unscaled covariance of the estimates.</summary>
    public double[,] InverseOfCrossProduct()
    {
        var k = Rank;
        var rinv = new double[k, k];
        for (var j = 0; j < k; j++)
        {
            rinv[j, j] = 1 / UpperTriangle[j, j];
            for (var i = j - 1; i >= 0; i--)
            {
                var s = 0.0;
                for (var m = i + 1; m <= j; m++)
                {
                    s += UpperTriangle[i, m] * rinv[m, j];
                }

                rinv[i, j] = -s / UpperTriangle[i, i];
            }
        }

        var result = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var s = 0.0;
                for (var m = Math.Max(i, j); m < k; m++)
                {
                    s += rinv[i, m] * rinv[j, m];
                }

                result[i, j] = s;
            }
        }

        return result;
    }
}
