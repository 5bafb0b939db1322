using System.Numerics;
using System.Text;

namespace Dossier.Estimation.LogLinear;

/// <summary>
/// Hierarchical log-linear models: every list's main effect plus a set of interaction terms closed under
/// taking sub-terms (a three-way term brings its three two-way terms). Named as Rcapture's closedpMS.t names
/// them: the highest terms, lists numbered from 1, e.g. [12,3,4] for "lists 1 and 2 dependent".
/// </summary>
public static class HierarchicalModels
{
    /// <summary>Largest number of models a search will fit; beyond it the search is refused (K ≥ 7 with two-way terms).</summary>
    public const int MaxModels = 40_000;

    /// <summary>The model with the given interaction terms (bit masks of two lists or more).</summary>
    public static LogLinearModel Create(int listCount, IEnumerable<int> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var terms = Close(listCount, interactions);
        var patterns = LogLinearModel.RowPatterns(listCount);
        var columns = Enumerable.Range(0, listCount).Select(j => 1 << j).Concat(terms).ToArray();
        var design = new double[patterns.Length, columns.Length];
        for (var r = 0; r < patterns.Length; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                design[r, c] = (patterns[r] & columns[c]) == columns[c] ? 1 : 0;
            }
        }

        var names = columns.Select(c => TermLabel(c, ":")).ToArray();
        return new LogLinearModel(Name(listCount, terms), listCount, design, names, AbundanceForm.Intercept);
    }

    /// <summary>Parses a name like [12,3,4] or [123,14] (lists 1–9) into a model.</summary>
    public static LogLinearModel Parse(int listCount, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var body = name.Trim().TrimStart('[').TrimEnd(']');
        var terms = new List<int>();
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var mask = 0;
            foreach (var ch in part)
            {
                var list = ch - '1';
                if (list < 0 || list >= listCount)
                {
                    throw new FormatException($"'{part}' in model name '{name}' names a list outside 1..{listCount}.");
                }

                mask |= 1 << list;
            }

            if (BitOperations.PopCount((uint)mask) >= 2)
            {
                terms.Add(mask);
            }
        }

        return Create(listCount, terms);
    }

    /// <summary>Every hierarchical model with interactions up to <paramref name="maxOrder"/> lists (at most K − 1).</summary>
    public static IReadOnlyList<int[]> Enumerate(int listCount, int maxOrder)
    {
        maxOrder = Math.Min(maxOrder, listCount - 1);
        var candidates = new List<int>();
        for (var order = 2; order <= maxOrder; order++)
        {
            for (var mask = 1; mask < 1 << listCount; mask++)
            {
                if (BitOperations.PopCount((uint)mask) == order)
                {
                    candidates.Add(mask);
                }
            }
        }

        var result = new List<int[]>();
        var chosen = new HashSet<int>();
        void Walk(int index)
        {
            if (result.Count > MaxModels)
            {
                return;
            }

            if (index == candidates.Count)
            {
                result.Add([.. chosen.Order()]);
                return;
            }

            var term = candidates[index];
            Walk(index + 1);
            if (SubTermsPresent(term, chosen))
            {
                chosen.Add(term);
                Walk(index + 1);
                chosen.Remove(term);
            }
        }

        Walk(0);
        if (result.Count > MaxModels)
        {
            throw new InvalidOperationException(
                $"More than {MaxModels:N0} hierarchical models with up to {maxOrder}-way terms on {listCount} lists: lower the maximum order.");
        }

        return result;
    }

    private static bool SubTermsPresent(int term, HashSet<int> chosen)
    {
        if (BitOperations.PopCount((uint)term) <= 2)
        {
            return true;
        }

        for (var rest = term; rest != 0; rest &= rest - 1)
        {
            var bit = rest & -rest;
            if (!chosen.Contains(term & ~bit))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] Close(int listCount, IEnumerable<int> interactions)
    {
        var set = new HashSet<int>();
        var stack = new Stack<int>(interactions);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (t <= 0 || t >= 1 << listCount)
            {
                throw new ArgumentException($"Term {t} is not a set of lists among {listCount}.", nameof(interactions));
            }

            if (BitOperations.PopCount((uint)t) < 2 || !set.Add(t))
            {
                continue;
            }

            for (var rest = t; rest != 0; rest &= rest - 1)
            {
                stack.Push(t & ~(rest & -rest));
            }
        }

        return [.. set.OrderBy(t => BitOperations.PopCount((uint)t)).ThenBy(t => TermLabel(t, ""), StringComparer.Ordinal)];
    }

    /// <summary>Rcapture's model name: the terms not contained in a larger one, larger first.</summary>
    public static string Name(int listCount, IReadOnlyCollection<int> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var all = interactions.Concat(Enumerable.Range(0, listCount).Select(j => 1 << j)).Distinct().ToArray();
        var top = all.Where(t => !all.Any(o => o != t && (o & t) == t)).ToArray();
        var separator = listCount > 9 ? ":" : "";
        var labels = top
            .OrderByDescending(t => BitOperations.PopCount((uint)t) > 1 ? 1 : 0)
            .ThenBy(t => TermLabel(t, separator), StringComparer.Ordinal)
            .Select(t => TermLabel(t, separator));
        return "[" + string.Join(",", labels) + "]";
    }

    private static string TermLabel(int term, string separator)
    {
        var sb = new StringBuilder();
        for (var j = 0; term >> j != 0; j++)
        {
            if (((term >> j) & 1) != 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append(separator);
                }

                sb.Append(j + 1);
            }
        }

        return sb.ToString();
    }
}
