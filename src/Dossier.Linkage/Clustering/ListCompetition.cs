using Dossier.Linkage.Blocking;
using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Model;

namespace Dossier.Linkage.Clustering;

/// <summary>
/// Evidence beyond the pair: one person is rarely twice on one list (ADR 1827). A pair's probability is
/// scored as if every other pair did not exist; but if record A scores well with B and with C, and B and C
/// are on one list and are different people, A can be at most one of them. So, per record A and per list L,
/// A's candidates on L are competing hypotheses: with odds o_j of the pairs, "A is B_j" has the probability
/// o_j / (1 + o_j + Σ_k o_k (1 − p_jk)), "A is none of them" being the 1, where p_jk is the model's own
/// probability that B_j and B_k are one person. A list that does hold one person twice is therefore no
/// competition: the model's "same list" level (m from sure pairs, ADR 1823) says how often that happens,
/// and the rest of the fields say whether these two are such a repeat. In odds the pair is divided by
/// 1 + C_A, C_A = Σ_k o_k (1 − p_jk) over A's other candidates on B's list, and likewise by 1 + C_B over B's
/// other candidates on A's list (one round of belief propagation for a soft one-to-one assignment, both
/// sides from the scores as they were, so the order of the records does not matter).
/// Only pairs with a probability of at least <see cref="Floor"/> take part, as a competitor or as a pair
/// lowered: below it, a competitor moves no pair by more than a per cent of its odds.
/// </summary>
internal static class ListCompetition
{
    /// <summary>Pairs below this probability are neither lowered nor competitors.</summary>
    internal const float Floor = 0.01f;

    private static readonly string[] ListColumns = ["list", "listid", "source", "sourcelist"];

    /// <summary>The comparison of the list a row came from (a category named list, list_id, source or source_list), or −1.</summary>
    internal static int ListComparison(Comparison[] comparisons)
    {
        for (var c = 0; c < comparisons.Length; c++)
        {
            if (comparisons[c].Role == FieldRole.Category && ListColumns.Contains(Normalise(comparisons[c].Column), StringComparer.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>
    /// Lowers, in place, the probability of every pair whose records have competitors on the other's list.
    /// <paramref name="listOf"/> is the list per record (0: none known; such a record neither competes
    /// nor is lowered on that account).
    /// </summary>
    internal static void Apply(int recordCount, RecordPair[] pairs, float[] probability, int[] listOf, Func<int, int, double> repeatProbability, int threads)
    {
        // The pairs that take part, as a compact adjacency: for each record, its pairs at or above the floor.
        var start = new int[recordCount + 1];
        var taking = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (probability[i] >= Floor)
            {
                start[pairs[i].A + 1]++;
                start[pairs[i].B + 1]++;
                taking++;
            }
        }

        if (taking < 2)
        {
            return;
        }

        for (var r = 0; r < recordCount; r++)
        {
            start[r + 1] += start[r];
        }

        // slot: the pair at each side; mate: the slot of the same pair at its other record.
        var slot = new int[taking * 2];
        var mate = new int[taking * 2];
        var fill = new int[recordCount];
        for (var i = 0; i < pairs.Length; i++)
        {
            if (probability[i] >= Floor)
            {
                var (a, b) = (pairs[i].A, pairs[i].B);
                var (sa, sb) = (start[a] + fill[a]++, start[b] + fill[b]++);
                (slot[sa], slot[sb]) = (i, i);
                (mate[sa], mate[sb]) = (sb, sa);
            }
        }

        // Per slot (one side of one pair): C of that side, from the probabilities as scored. Each record's slots
        // are written by one thread only, so the result does not depend on the threads or the records' order.
        var competition = new float[slot.Length];
        const int Chunk = 4096;
        var chunks = (recordCount + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, x =>
        {
            var terms = new List<double>();
            var end = Math.Min(recordCount, (x + 1) * Chunk);
            for (var r = x * Chunk; r < end; r++)
            {
                Side(r, terms);
            }
        });

        // Each pair divided by both sides' competition at once, odds / ((1 + C_A)(1 + C_B)), once every C is known.
        for (var s = 0; s < slot.Length; s++)
        {
            var j = slot[s];
            if (mate[s] < s || (competition[s] == 0 && competition[mate[s]] == 0))
            {
                continue;
            }

            double p = probability[j];
            if (p >= 1)
            {
                continue;
            }

            var odds = p / (1 - p) / ((1 + (double)competition[s]) * (1 + (double)competition[mate[s]]));
            probability[j] = (float)(odds / (1 + odds));
        }

        // C at each of record r's slots: what r's other candidates on the partner's list take from the partner.
        void Side(int r, List<double> terms)
        {
            var (from, to) = (start[r], start[r + 1]);
            if (to - from < 2)
            {
                return;
            }

            for (var s = from; s < to; s++)
            {
                var j = slot[s];
                var other = pairs[j].A == r ? pairs[j].B : pairs[j].A;
                var list = listOf[other];
                if (list == 0)
                {
                    continue;
                }

                var oj = Odds(probability[j]);
                terms.Clear();
                for (var t = from; t < to; t++)
                {
                    if (t == s)
                    {
                        continue;
                    }

                    var k = slot[t];
                    var rival = pairs[k].A == r ? pairs[k].B : pairs[k].A;
                    if (listOf[rival] != list)
                    {
                        continue;
                    }

                    // The rival is no rival if it is the same person on that list again: judged as a pair on one
                    // list with the partner, or with this record (which, if it is the partner, is that person too);
                    // the better of the two, not both, since they share their evidence.
                    var repeat = Math.Max(repeatProbability(other, rival), repeatProbability(r, rival));

                    // With one rival, P(partner) = o_j (repeat / (1 + o_j) + (1 − repeat) / (1 + o_j + o_k)); written as
                    // o_j / (1 + o_j + e), e is what the rival adds, and rivals add up.
                    var (without, with) = (1 + oj, 1 + oj + Odds(probability[k]));
                    terms.Add((1 / ((repeat / without) + ((1 - repeat) / with))) - without);
                }

                // Added smallest first: the same sum whatever order the records came in.
                terms.Sort();
                double c = 0;
                foreach (var term in terms)
                {
                    c += term;
                }

                competition[s] = (float)c;
            }
        }
    }

    /// <summary>
    /// The probability of records x and y as a pair on one list (the model's "same list" level in place of
    /// theirs): is y this person again, on its own list?
    /// </summary>
    internal static double RepeatProbability(LinkageModel model, int list, int x, int y)
    {
        var w = model.Weigh(x, y);
        var level = model.Comparisons[list].Compare(x, y);
        if (level != 0 && level != Comparison.Missing)
        {
            w += model.LevelWeight(list, 0) + model.TermWeight(list, 0, y, y) - model.LevelWeight(list, level);
        }

        return LinkageModel.ToProbability(w);
    }

    private static double Odds(float p) => p >= 1 ? 1e12 : p / (1.0 - p);

    private static string Normalise(string column)
    {
        var chars = new char[column.Length];
        var n = 0;
        foreach (var ch in column)
        {
            if (char.IsLetterOrDigit(ch))
            {
                chars[n++] = char.ToLowerInvariant(ch);
            }
        }

        return new string(chars, 0, n);
    }
}
