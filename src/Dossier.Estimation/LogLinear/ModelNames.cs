using System.Globalization;
using System.Numerics;

namespace Dossier.Estimation.LogLinear;

/// <summary>
/// Turns the name of a model, as an analyst writes it, into a model with a profile-likelihood interval
/// (Rcapture's <c>closedpCI.t</c>): a closed-population model (<c>Mt</c>, <c>Mh Chao</c>, <c>Mth Poisson2</c>…),
/// a hierarchical log-linear model in Rcapture's bracket notation (<c>[12,34]</c>), or an R formula over the
/// lists c1…cK as given to closedpCI.t's <c>mX</c> (<c>~ c1*c2 + c3 + c4</c>, <c>~ (c1+c2+c3+c4)^2 - c1:c3</c>).
/// </summary>
public static class ModelNames
{
    /// <summary>The forms a name may take, for error messages and help.</summary>
    public const string AcceptedForms =
        "M0, Mt; Mh or Mth with Chao, Poisson2, Darroch or Gamma3.5 (e.g. \"Mh Chao\", \"Mth Darroch\"; three lists or more); " +
        "a hierarchical model in brackets, lists numbered from 1 (\"[12,34]\", \"[123,4]\"; \"[1:2,3:10]\" from ten lists on); " +
        "or an R formula over c1..cK (\"~ c1*c2 + c3 + c4\", \"~ (c1+c2+c3+c4)^2 - c1:c3\")";

    private static readonly Dictionary<string, string> Heterogeneity = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chao"] = "Chao (LB)",
        ["chao (lb)"] = "Chao (LB)",
        ["lb"] = "Chao (LB)",
        ["poisson"] = "Poisson2",
        ["poisson2"] = "Poisson2",
        ["darroch"] = "Darroch",
        ["gamma"] = "Gamma3.5",
        ["gamma3.5"] = "Gamma3.5",
    };

    /// <summary>Parses <paramref name="name"/> for data with <paramref name="listCount"/> lists; null and the reason when it names no model that has a profile interval.</summary>
    public static LogLinearModel? TryParse(int listCount, string name, out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(listCount, 2);
        try
        {
            error = null;
            return Parse(listCount, name);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Parses a model name; throws <see cref="FormatException"/> saying what is wrong and which forms are accepted.</summary>
    public static LogLinearModel Parse(int listCount, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            throw Unknown(name, "the name is empty");
        }

        if (text.StartsWith('['))
        {
            return HierarchicalModels.Create(listCount, Checked(listCount, name, BracketTerms(listCount, name, text)));
        }

        if (text.StartsWith('~'))
        {
            return HierarchicalModels.Create(listCount, Checked(listCount, name, FormulaTerms(listCount, name, text[1..])));
        }

        return ClosedPopulation(listCount, name, text);
    }

    private static LogLinearModel ClosedPopulation(int listCount, string name, string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var family = space < 0 ? text : text[..space];
        var rest = space < 0 ? string.Empty : text[(space + 1)..];
        string canonical;
        if (family.Equals("M0", StringComparison.OrdinalIgnoreCase) || family.Equals("Mt", StringComparison.OrdinalIgnoreCase))
        {
            if (rest.Length > 0)
            {
                throw Unknown(name, $"{family} takes no heterogeneity; for one write Mh or Mth");
            }

            canonical = family.Equals("M0", StringComparison.OrdinalIgnoreCase) ? "M0" : "Mt";
        }
        else if (family.Equals("Mb", StringComparison.OrdinalIgnoreCase) || family.Equals("Mbh", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(
                $"'{name}': the behavioural-response models Mb and Mbh have no profile-likelihood interval (their abundance is not the " +
                "never-listed cell, and Rcapture's closedpCI.t does not offer one); their figures are in the closed-population table. " +
                $"Accepted forms: {AcceptedForms}.");
        }
        else if (family.Equals("Mh", StringComparison.OrdinalIgnoreCase) || family.Equals("Mth", StringComparison.OrdinalIgnoreCase))
        {
            var prefix = family.Equals("Mh", StringComparison.OrdinalIgnoreCase) ? "Mh" : "Mth";
            if (rest.Length == 0)
            {
                throw Unknown(name, $"say which heterogeneity: {prefix} Chao, {prefix} Poisson2, {prefix} Darroch or {prefix} Gamma3.5");
            }

            if (!Heterogeneity.TryGetValue(rest, out var h))
            {
                throw Unknown(name, $"'{rest}' is not a heterogeneity Dossier fits (Chao, Poisson2, Darroch, Gamma3.5)");
            }

            if (listCount < 3)
            {
                throw Unknown(name, $"{prefix} models need three lists or more; these data have {listCount}");
            }

            canonical = prefix + " " + h;
        }
        else
        {
            throw Unknown(name, "not a model name");
        }

        return ClosedPopulationModels.For(listCount).Single(m => m.Name == canonical);
    }

    private static List<int> BracketTerms(int listCount, string name, string text)
    {
        if (!text.EndsWith(']'))
        {
            throw Unknown(name, "a bracketed model ends with ']'");
        }

        var terms = new List<int>();
        foreach (var part in text[1..^1].Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                throw Unknown(name, "an empty term between commas");
            }

            var lists = part.Contains(':', StringComparison.Ordinal)
                ? part.Split(':', StringSplitOptions.TrimEntries)
                : [.. part.Select(c => c.ToString())];
            terms.Add(Mask(listCount, name, part, lists));
        }

        return terms;
    }

    private static int Mask(int listCount, string name, string term, IEnumerable<string> lists)
    {
        var mask = 0;
        foreach (var l in lists)
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var list))
            {
                throw Unknown(name, $"'{term}': lists are numbered 1..{listCount}");
            }

            if (list < 1 || list > listCount)
            {
                throw Unknown(name, $"'{term}' names list {list}, but these data have lists 1..{listCount}");
            }

            if ((mask & (1 << (list - 1))) != 0)
            {
                throw Unknown(name, $"'{term}' names list {list} twice");
            }

            mask |= 1 << (list - 1);
        }

        return mask;
    }

    /// <summary>
    /// An R model formula as far as log-linear capture–recapture needs it: terms joined by + or −, each a list
    /// (cJ), an interaction (cI:cJ, only that term), a product (cI*cJ, the lists and every interaction among
    /// them) or a group raised to a power ((c1+c2+c3)^2, every interaction of up to that many lists).
    /// </summary>
    private static List<int> FormulaTerms(int listCount, string name, string formula)
    {
        var added = new HashSet<int>();
        var removed = new HashSet<int>();
        var depth = 0;
        var start = 0;
        var sign = '+';
        var first = true;
        for (var i = 0; i <= formula.Length; i++)
        {
            var c = i < formula.Length ? formula[i] : '+';
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth < 0)
                {
                    throw Unknown(name, "a ')' without its '('");
                }
            }
            else if (depth == 0 && (c == '+' || c == '-'))
            {
                var piece = formula[start..i].Trim();
                if (piece.Length == 0)
                {
                    if (i < formula.Length && !(first && c == '-'))
                    {
                        throw Unknown(name, $"a term is missing before '{c}'");
                    }
                }
                else if (piece == "1" && sign == '-')
                {
                    throw Unknown(name, "a formula cannot remove the intercept");
                }
                else
                {
                    foreach (var t in FormulaPiece(listCount, name, piece))
                    {
                        (sign == '+' ? added : removed).Add(t);
                    }
                }

                sign = c;
                start = i + 1;
                first = false;
            }
        }

        if (depth != 0)
        {
            throw Unknown(name, "a '(' without its ')'");
        }

        added.ExceptWith(removed);
        return [.. added];
    }

    private static IEnumerable<int> FormulaPiece(int listCount, string name, string piece)
    {
        if (piece == "1")
        {
            return [];
        }

        if (piece.StartsWith('('))
        {
            var close = piece.LastIndexOf(')');
            var inner = piece[1..close];
            var power = listCount;
            var tail = piece[(close + 1)..].Trim();
            if (tail.Length > 0)
            {
                if (!tail.StartsWith('^') || !int.TryParse(tail[1..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out power) || power < 1)
                {
                    throw Unknown(name, $"'{piece}': after a group only ^ and a whole number are understood");
                }
            }

            var group = 0;
            foreach (var t in FormulaTerms(listCount, name, inner))
            {
                group |= t;
            }

            return Subsets(group).Where(s => BitOperations.PopCount((uint)s) <= power);
        }

        if (piece.Contains('*', StringComparison.Ordinal))
        {
            return Subsets(Mask(listCount, name, piece, piece.Split('*', StringSplitOptions.TrimEntries).Select(f => ListNumber(listCount, name, f))));
        }

        return [Mask(listCount, name, piece, piece.Split(':', StringSplitOptions.TrimEntries).Select(f => ListNumber(listCount, name, f)))];
    }

    private static string ListNumber(int listCount, string name, string factor)
    {
        if (factor.Length < 2 || factor[0] is not ('c' or 'C'))
        {
            throw Unknown(name, $"'{factor}': in a formula the lists are c1..c{listCount}");
        }

        return factor[1..];
    }

    private static IEnumerable<int> Subsets(int mask)
    {
        for (var s = mask; s != 0; s = (s - 1) & mask)
        {
            yield return s;
        }
    }

    /// <summary>Every list's main effect present, interactions closed under sub-terms, and not every list in one term.</summary>
    private static List<int> Checked(int listCount, string name, List<int> terms)
    {
        var set = terms.ToHashSet();
        var all = (1 << listCount) - 1;
        for (var j = 0; j < listCount; j++)
        {
            if (name.TrimStart().StartsWith('~') && !set.Contains(1 << j))
            {
                throw Unknown(name, $"every list's main effect must be in the model, and c{j + 1} is not");
            }
        }

        foreach (var t in set)
        {
            if (t == all)
            {
                throw Unknown(name, $"an interaction of all {listCount} lists leaves nothing from which to estimate those on no list");
            }

            if (name.TrimStart().StartsWith('~') && BitOperations.PopCount((uint)t) > 2)
            {
                for (var rest = t; rest != 0; rest &= rest - 1)
                {
                    if (!set.Contains(t & ~(rest & -rest)))
                    {
                        throw Unknown(name, "the model is not hierarchical: an interaction needs every interaction among fewer of its lists");
                    }
                }
            }
        }

        return [.. set.Where(t => BitOperations.PopCount((uint)t) >= 2)];
    }

    private static FormatException Unknown(string name, string why) =>
        new($"'{name}' is not a model Dossier can fit ({why}). Accepted forms: {AcceptedForms}.");
}
