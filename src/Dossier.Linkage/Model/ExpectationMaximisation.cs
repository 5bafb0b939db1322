using Dossier.Linkage.Comparisons;

namespace Dossier.Linkage.Model;

/// <summary>Outcome of one EM run.</summary>
internal sealed record EmFit(double[][] M, double[][] U, double Lambda, int Iterations, bool Converged);

/// <summary>
/// Expectation–maximisation for the two-class Fellegi–Sunter mixture over comparison patterns.
/// Only comparisons marked active take part (the others are left out of the likelihood: a blocking
/// rule's own fields are not evidence among the pairs it made). u can be held fixed (estimated from
/// random pairs) or re-estimated.
/// </summary>
internal static class ExpectationMaximisation
{
    private const double Floor = 1e-9;

    public static EmFit Run(byte[][] patterns, long[] counts, double[][] mStart, double[][] uStart, double lambdaStart,
        bool[] active, bool updateU, int maxIterations, double tolerance, bool[]? fixedM = null)
    {
        var k = mStart.Length;
        var m = Copy(mStart);
        var u = Copy(uStart);
        var lambda = lambdaStart;
        var mSum = Copy(mStart);
        var uSum = Copy(uStart);
        var iterations = 0;
        var converged = false;
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return new EmFit(m, u, lambda, 0, Converged: true);
        }

        while (iterations < maxIterations)
        {
            iterations++;
            Clear(mSum);
            Clear(uSum);
            double matchTotal = 0;
            for (var p = 0; p < patterns.Length; p++)
            {
                var count = counts[p];
                if (count == 0)
                {
                    continue;
                }

                var levels = patterns[p];
                double logRatio = 0;
                for (var c = 0; c < k; c++)
                {
                    var l = levels[c];
                    if (!active[c] || l == Comparison.Missing)
                    {
                        continue;
                    }

                    logRatio += Math.Log(Math.Max(m[c][l], Floor)) - Math.Log(Math.Max(u[c][l], Floor));
                }

                var priorLog = Math.Log(lambda) - Math.Log(1 - lambda);
                var posterior = 1.0 / (1.0 + Math.Exp(-(priorLog + logRatio)));
                var wm = count * posterior;
                var wu = count * (1 - posterior);
                matchTotal += wm;
                for (var c = 0; c < k; c++)
                {
                    var l = levels[c];
                    if (l == Comparison.Missing)
                    {
                        continue;
                    }

                    mSum[c][l] += wm;
                    uSum[c][l] += wu;
                }
            }

            var change = 0.0;
            var newLambda = Math.Clamp(matchTotal / total, 1e-9, 1 - 1e-9);
            change = Math.Max(change, Math.Abs(newLambda - lambda));
            lambda = newLambda;
            for (var c = 0; c < k; c++)
            {
                if (active[c])
                {
                    // A fixed field's m is known (anchored): it pins the match class and is not refitted.
                    if (fixedM is null || !fixedM[c])
                    {
                        change = Math.Max(change, Normalise(mSum[c], m[c]));
                    }

                    if (updateU)
                    {
                        change = Math.Max(change, Normalise(uSum[c], u[c]));
                    }
                }
            }

            if (change < tolerance)
            {
                converged = true;
                break;
            }
        }

        return new EmFit(m, u, lambda, iterations, converged);
    }

    // Writes sums/total into target (with a small floor so no level becomes impossible); returns the largest change.
    private static double Normalise(double[] sums, double[] target)
    {
        double total = 0;
        foreach (var s in sums)
        {
            total += s;
        }

        if (total <= 0)
        {
            return 0;
        }

        var change = 0.0;
        for (var l = 0; l < sums.Length; l++)
        {
            var value = Math.Max(sums[l] / total, 1e-6);
            change = Math.Max(change, Math.Abs(value - target[l]));
            target[l] = value;
        }

        return change;
    }

    private static double[][] Copy(double[][] source)
    {
        var copy = new double[source.Length][];
        for (var i = 0; i < source.Length; i++)
        {
            copy[i] = (double[])source[i].Clone();
        }

        return copy;
    }

    private static void Clear(double[][] arrays)
    {
        foreach (var a in arrays)
        {
            Array.Clear(a);
        }
    }
}
