namespace Dossier.Estimation.Numerics;

/// <summary>One-dimensional search: Brent's minimiser and root finder (the methods behind R's optimize and uniroot).</summary>
internal static class Brent
{
    private static readonly double Golden = (3 - Math.Sqrt(5)) * 0.5;

    /// <summary>Finds the maximum of <paramref name="f"/> on [a, b] to the absolute tolerance <paramref name="tol"/>.</summary>
    public static (double X, double Value) Maximize(Func<double, double> f, double a, double b, double tol)
    {
        var (x, fx) = Minimize(v => -f(v), a, b, tol);
        return (x, -fx);
    }

    public static (double X, double Value) Minimize(Func<double, double> f, double a, double b, double tol)
    {
        var eps = Math.Sqrt(2.220446049250313e-16);
        var v = a + (Golden * (b - a));
        var w = v;
        var x = v;
        var d = 0.0;
        var e = 0.0;
        var fx = f(x);
        var fv = fx;
        var fw = fx;
        var tol3 = tol / 3;
        for (var iter = 0; iter < 500; iter++)
        {
            var xm = (a + b) / 2;
            var tol1 = (eps * Math.Abs(x)) + tol3;
            var t2 = 2 * tol1;
            if (Math.Abs(x - xm) <= t2 - ((b - a) / 2))
            {
                break;
            }

            var p = 0.0;
            var q = 0.0;
            var r = 0.0;
            if (Math.Abs(e) > tol1)
            {
                r = (x - w) * (fx - fv);
                q = (x - v) * (fx - fw);
                p = ((x - v) * q) - ((x - w) * r);
                q = (q - r) * 2;
                if (q > 0)
                {
                    p = -p;
                }
                else
                {
                    q = -q;
                }

                r = e;
                e = d;
            }

            if (Math.Abs(p) >= Math.Abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x))
            {
                e = x < xm ? b - x : a - x;
                d = Golden * e;
            }
            else
            {
                d = p / q;
                var u0 = x + d;
                if (u0 - a < t2 || b - u0 < t2)
                {
                    d = x < xm ? tol1 : -tol1;
                }
            }

            var u = Math.Abs(d) >= tol1 ? x + d : (d > 0 ? x + tol1 : x - tol1);
            var fu = f(u);
            if (fu <= fx)
            {
                if (u < x)
                {
                    b = x;
                }
                else
                {
                    a = x;
                }

                v = w; fv = fw;
                w = x; fw = fx;
                x = u; fx = fu;
            }
            else
            {
                if (u < x)
                {
                    a = u;
                }
                else
                {
                    b = u;
                }

                if (fu <= fw || w == x)
                {
                    v = w; fv = fw;
                    w = u; fw = fu;
                }
                else if (fu <= fv || v == x || v == w)
                {
                    v = u; fv = fu;
                }
            }
        }

        return (x, fx);
    }

    /// <summary>A root of <paramref name="f"/> in [a, b], where f(a) and f(b) differ in sign; null when they do not.</summary>
    public static double? Root(Func<double, double> f, double a, double b, double tol)
    {
        var fa = f(a);
        var fb = f(b);
        if (fa == 0)
        {
            return a;
        }

        if (fb == 0)
        {
            return b;
        }

        if (Math.Sign(fa) == Math.Sign(fb))
        {
            return null;
        }

        var c = a;
        var fc = fa;
        const double eps = 2.220446049250313e-16;
        for (var iter = 0; iter < 1000; iter++)
        {
            var prevStep = b - a;
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }

            var tolAct = (2 * eps * Math.Abs(b)) + (tol / 2);
            var newStep = (c - b) / 2;
            if (Math.Abs(newStep) <= tolAct || fb == 0)
            {
                return b;
            }

            if (Math.Abs(prevStep) >= tolAct && Math.Abs(fa) > Math.Abs(fb))
            {
                double p;
                double q;
                var cb = c - b;
                if (a == c)
                {
                    var t1 = fb / fa;
                    p = cb * t1;
                    q = 1 - t1;
                }
                else
                {
                    var qa = fa / fc;
                    var t1 = fb / fc;
                    var t2 = fb / fa;
                    p = t2 * ((cb * qa * (qa - t1)) - ((b - a) * (t1 - 1)));
                    q = (qa - 1) * (t1 - 1) * (t2 - 1);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (p < ((0.75 * cb * q) - (Math.Abs(tolAct * q) / 2)) && p < Math.Abs(prevStep * q / 2))
                {
                    newStep = p / q;
                }
            }

            if (Math.Abs(newStep) < tolAct)
            {
                newStep = newStep > 0 ? tolAct : -tolAct;
            }

            a = b; fa = fb;
            b += newStep;
            fb = f(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                c = a; fc = fa;
            }
        }

        return b;
    }
}
