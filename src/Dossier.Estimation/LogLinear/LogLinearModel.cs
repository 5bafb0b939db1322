using System.Numerics;

namespace Dossier.Estimation.LogLinear;

/// <summary>
/// A log-linear model for the 2^K − 1 observable cells: its design (without the intercept, which is always
/// present) and how abundance follows from its coefficients. Rows follow Rcapture's order of histories:
/// all lists (11…1) first, descending in binary with the first list as the most significant digit.
/// </summary>
public sealed class LogLinearModel
{
    internal LogLinearModel(string name, int listCount, double[,] design, string[] columnNames, AbundanceForm form, int nonHeterogeneityColumns = -1)
    {
        Name = name;
        ListCount = listCount;
        Design = design;
        ColumnNames = columnNames;
        Form = form;
        ChaoFixedColumns = nonHeterogeneityColumns;
    }

    public string Name { get; }

    public int ListCount { get; }

    internal double[,] Design { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    internal AbundanceForm Form { get; }

    /// <summary>For Chao's lower-bound models: columns (with the intercept) that are not η terms; −1 otherwise.</summary>
    internal int ChaoFixedColumns { get; }

    internal bool IsChao => ChaoFixedColumns > 0;

    /// <summary>Row r's pattern as a bit mask over lists (bit j = list j).</summary>
    public static int[] RowPatterns(int listCount)
    {
        var rows = new int[(1 << listCount) - 1];
        var r = 0;
        for (var v = (1 << listCount) - 1; v >= 1; v--)
        {
            var pattern = 0;
            for (var j = 0; j < listCount; j++)
            {
                if (((v >> (listCount - 1 - j)) & 1) != 0)
                {
                    pattern |= 1 << j;
                }
            }

            rows[r++] = pattern;
        }

        return rows;
    }

    /// <summary>The design with an intercept column prepended, ready for the fit.</summary>
    internal double[,] WithIntercept(double[,]? design = null)
    {
        var d = design ?? Design;
        var n = d.GetLength(0);
        var p = d.GetLength(1);
        var x = new double[n, p + 1];
        for (var i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            for (var j = 0; j < p; j++)
            {
                x[i, j + 1] = d[i, j];
            }
        }

        return x;
    }

    internal static int Captures(int pattern) => BitOperations.PopCount((uint)pattern);
}

internal enum AbundanceForm
{
    /// <summary>N = n + exp(intercept): the fitted count of the unobserved cell.</summary>
    Intercept,

    /// <summary>Rcapture's behavioural-response formula for Mb.</summary>
    Mb,

    /// <summary>Rcapture's behavioural-response formula for Mbh.</summary>
    Mbh,
}
