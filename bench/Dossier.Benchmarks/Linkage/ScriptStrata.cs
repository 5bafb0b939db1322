using System.Globalization;
using Dossier.Linkage;
using Dossier.Linkage.Fields;

namespace Dossier.Benchmarks.Linkage;

/// <summary>
/// What the script of a row would be worth as one variable of the model, read off the truth
/// (DOSSIER_LINKAGE_SCRIPT=1). Per name field and script pair (Persian–Persian, Latin–Latin,
/// Persian–Latin): m from all true pairs, u from random pairs, and the weight log2(m/u) beside the
/// pooled one. Then the bound: every candidate pair's weight moved by what conditioning on the
/// script pair changes for its name fields (true m and u on both sides, so the engine's own errors
/// in m are left out), and how many true and false pairs cross the threshold either way.
/// </summary>
internal static class ScriptStrata
{
    private static readonly string[] Strata = ["PP", "LL", "PL"];

    public static void Print(LinkageResult result, IReadOnlyDictionary<string, string> personOf, Func<int, bool> persian, double threshold, TextWriter output)
    {
        var records = result.Records;
        var n = records.Count;
        var person = ErrorBreakdown.PersonIndex(records, personOf);

        int Stratum(int a, int b) => persian(a) == persian(b) ? (persian(a) ? 0 : 1) : 2;

        // Level names per name column, from any explanation.
        var sample = result.Explain(0, 1).Comparisons;
        var names = new List<int>();
        for (var c = 0; c < sample.Count; c++)
        {
            if (sample[c].Role is FieldRole.GivenName or FieldRole.FamilyName or FieldRole.OtherName)
            {
                names.Add(c);
            }
        }

        var levelNames = result.Model.Parameters.Select(p => p.Levels.Select(l => l.Level).ToArray()).ToArray();
        double[][][] Counts() => names.Select(c => Enumerable.Range(0, 4).Select(_ => new double[levelNames[c].Length]).ToArray()).ToArray();
        var m = Counts();
        var u = Counts();

        void Tally(double[][][] into, int a, int b)
        {
            var s = Stratum(a, b);
            var explanation = result.Explain(a, b).Comparisons;
            for (var x = 0; x < names.Count; x++)
            {
                var level = Array.IndexOf(levelNames[names[x]], explanation[names[x]].Level);
                if (level >= 0)
                {
                    into[x][s][level]++;
                    into[x][3][level]++;
                }
            }
        }

        var byPerson = Enumerable.Range(0, n).GroupBy(i => person[i]).Where(g => g.Count() > 1).Select(g => g.ToArray()).ToList();
        foreach (var members in byPerson)
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    Tally(m, members[x], members[y]);
                }
            }
        }

        var random = new Random(1988);
        for (var i = 0; i < 400_000; i++)
        {
            var a = random.Next(n);
            var b = random.Next(n - 1);
            b += b >= a ? 1 : 0;
            Tally(u, a, b);
        }

        // Weights with a floor of half a pair per level, so an empty cell does not give infinity.
        double Weight(double[][][] mm, double[][][] uu, int x, int s, int l) =>
            Math.Log2((mm[x][s][l] + 0.5) / (mm[x][s].Sum() + 0.5) / ((uu[x][s][l] + 0.5) / (uu[x][s].Sum() + 0.5)));

        for (var x = 0; x < names.Count; x++)
        {
            output.WriteLine($"SCRIPT STRATA {sample[names[x]].Column}: level | pooled m u w | PP m u w | LL m u w | PL m u w");
            for (var l = 0; l < levelNames[names[x]].Length; l++)
            {
                var cells = new List<string>();
                foreach (var s in new[] { 3, 0, 1, 2 })
                {
                    cells.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{m[x][s][l] / Math.Max(1, m[x][s].Sum()):0.0000} {u[x][s][l] / Math.Max(1, u[x][s].Sum()):0.00000} {Weight(m, u, x, s, l):+0.00;-0.00}"));
                }

                output.WriteLine($"| {levelNames[names[x]][l]} | {string.Join(" | ", cells)} |");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SCRIPT STRATA share of pairs PP/LL/PL: true {m[0][0].Sum() / m[0][3].Sum():0.000}/{m[0][1].Sum() / m[0][3].Sum():0.000}/{m[0][2].Sum() / m[0][3].Sum():0.000}, random {u[0][0].Sum() / u[0][3].Sum():0.000}/{u[0][1].Sum() / u[0][3].Sum():0.000}/{u[0][2].Sum() / u[0][3].Sum():0.000} (given name present on both)"));

        // The bound: each candidate pair's weight moved by Σ over its name fields of (stratum weight − pooled weight).
        long trueUp = 0, falseUp = 0, trueDown = 0, falseDown = 0;
        var logit = Math.Log2(threshold / (1 - threshold));
        for (var i = 0; i < result.Pairs.Length; i++)
        {
            var (a, b) = (result.Pairs[i].A, result.Pairs[i].B);
            var p = Math.Clamp((double)result.Probabilities[i], 1e-12, 1 - 1e-12);
            var w = Math.Log2(p / (1 - p));
            if (Math.Abs(w - logit) > 12)
            {
                continue;
            }

            var s = Stratum(a, b);
            var explanation = result.Explain(a, b).Comparisons;
            var shift = 0.0;
            for (var x = 0; x < names.Count; x++)
            {
                var level = Array.IndexOf(levelNames[names[x]], explanation[names[x]].Level);
                if (level >= 0)
                {
                    shift += Weight(m, u, x, s, level) - Weight(m, u, x, 3, level);
                }
            }

            var isTrue = person[a] == person[b];
            if (w < logit && w + shift >= logit)
            {
                _ = isTrue ? trueUp++ : falseUp++;
            }
            else if (w >= logit && w + shift < logit)
            {
                _ = isTrue ? trueDown++ : falseDown++;
            }
        }

        output.WriteLine($"SCRIPT STRATA bound on candidate pairs: up across the threshold {trueUp} true / {falseUp} false; down {trueDown} true / {falseDown} false");
    }
}
