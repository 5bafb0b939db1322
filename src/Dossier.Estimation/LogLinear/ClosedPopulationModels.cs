namespace Dossier.Estimation.LogLinear;

/// <summary>
/// The closed-population models of Rcapture's <c>closedp.t</c>: M0, Mt, Mh and Mth with Chao's lower bound,
/// Poisson2, Darroch and Gamma3.5 heterogeneity, Mb and Mbh — with the same designs, so every figure can be
/// checked against Rcapture.
/// </summary>
public static class ClosedPopulationModels
{
    public static IReadOnlyList<LogLinearModel> For(int listCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(listCount, 2);
        var models = new List<LogLinearModel> { Build("M0", listCount, "M0", null), Build("Mt", listCount, "Mt", null) };
        if (listCount > 2)
        {
            foreach (var h in new[] { "Chao", "Poisson", "Darroch", "Gamma" })
            {
                models.Add(Build("Mh " + Label(h), listCount, "Mh", h));
            }

            foreach (var h in new[] { "Chao", "Poisson", "Darroch", "Gamma" })
            {
                models.Add(Build("Mth " + Label(h), listCount, "Mth", h));
            }
        }

        models.Add(Build("Mb", listCount, "Mb", null));
        if (listCount > 2)
        {
            models.Add(Build("Mbh", listCount, "Mbh", null));
        }

        return models;
    }

    private static string Label(string h) => h switch
    {
        "Chao" => "Chao (LB)",
        "Poisson" => "Poisson2",
        "Gamma" => "Gamma3.5",
        _ => h,
    };

    private static LogLinearModel Build(string name, int t, string m, string? h)
    {
        var patterns = LogLinearModel.RowPatterns(t);
        var rows = patterns.Length;
        var cols = new List<(string Name, Func<int, double> Value)>();
        switch (m)
        {
            case "M0":
            case "Mh":
                cols.Add(("beta", p => LogLinearModel.Captures(p)));
                break;
            case "Mt":
            case "Mth":
                for (var j = 0; j < t; j++)
                {
                    var list = j;
                    cols.Add(($"beta{j + 1}", p => (p >> list) & 1));
                }

                break;
            case "Mb":
                cols.Add(("beta1", p => FirstCapture(p)));
                cols.Add(("beta2", p => LogLinearModel.Captures(p) - 1));
                break;
            case "Mbh":
                cols.Add(("eta", p => 1 - (p & 1)));
                cols.Add(("beta1", p => FirstCapture(p)));
                cols.Add(("beta2", p => LogLinearModel.Captures(p) - 1));
                break;
        }

        var fixedColumns = cols.Count + 1;
        switch (h)
        {
            case "Chao":
                for (var j = 3; j <= t; j++)
                {
                    var k = j;
                    cols.Add(($"eta{j}", p => Math.Max(LogLinearModel.Captures(p) - k + 1, 0)));
                }

                break;
            case "Poisson":
                cols.Add(("tau", p => Math.Pow(2, LogLinearModel.Captures(p)) - 1));
                break;
            case "Darroch":
                cols.Add(("tau", p => LogLinearModel.Captures(p) * (double)LogLinearModel.Captures(p) / 2));
                break;
            case "Gamma":
                cols.Add(("tau", p => -Math.Log(3.5 + LogLinearModel.Captures(p)) + Math.Log(3.5)));
                break;
        }

        var design = new double[rows, cols.Count];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols.Count; c++)
            {
                design[r, c] = cols[c].Value(patterns[r]);
            }
        }

        var form = m switch
        {
            "Mb" => AbundanceForm.Mb,
            "Mbh" => AbundanceForm.Mbh,
            _ => AbundanceForm.Intercept,
        };
        return new LogLinearModel(name, t, design, [.. cols.Select(c => c.Name)], form, h == "Chao" ? fixedColumns : -1);
    }

    /// <summary>Occasions before the first capture (lists are taken in column order).</summary>
    private static int FirstCapture(int pattern) => System.Numerics.BitOperations.TrailingZeroCount(pattern);
}
