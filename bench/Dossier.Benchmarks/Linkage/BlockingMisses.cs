using System.Globalization;
using Dossier.Linkage;
using Dossier.Linkage.Blocking;

namespace Dossier.Benchmarks.Linkage;

/// <summary>
/// DOSSIER_LINKAGE_BLOCKING=1 (truth used here only): the true pairs blocking never proposed, by the first rule
/// whose unrefined key agrees for both rows and the size of that rule's block (over the cap: split by the refining
/// keys, which one row lacks or the two differ in), or by "no rule's key agrees" (a key damaged or missing); with
/// the pair's probability as the model would score it, so what recovering them would buy is read off beforehand;
/// a dozen of the pairs no rule meets that would score over the threshold are printed whole.
/// </summary>
internal static class BlockingMisses
{
    public static void Print(LinkageResult result, IReadOnlyDictionary<string, string> personOf, double threshold, int maxBlockSize, TextWriter output,
        Func<int, bool>? trulySwapped = null)
    {
        var records = result.Records;
        var n = records.Count;
        var rules = BlockingRule.Defaults(records.Fields, records.BirthHasDays);
        var swapped = trulySwapped is null ? null : Blocker.SwappedNames(records);
        if (swapped is not null)
        {
            // How well the reading of swapped names agrees with what the generator did.
            long flagged = 0, right = 0, actual = 0;
            for (var r = 0; r < n; r++)
            {
                var truly = trulySwapped!(r);
                flagged += swapped[r] ? 1 : 0;
                right += swapped[r] && truly ? 1 : 0;
                actual += truly ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"swapped names: {flagged:N0} read swapped, {right:N0} of them swapped by the generator, {actual:N0} swapped in all"));
        }

        var keys = new long[rules.Count][];
        var blockSize = new Dictionary<long, int>[rules.Count];
        var refiners = new int[rules.Count][][];
        for (var r = 0; r < rules.Count; r++)
        {
            keys[r] = Blocker.ComputeKeys(records, rules[r], swapped);
            refiners[r] = Blocker.Refiners(records, rules[r], swapped);
            var sizes = new Dictionary<long, int>();
            foreach (var k in keys[r])
            {
                if (k != Blocker.NoKey)
                {
                    sizes[k >> 1] = sizes.GetValueOrDefault(k >> 1) + 1;
                }
            }

            blockSize[r] = sizes;
        }

        var proposed = new HashSet<long>(result.Pairs.Length);
        foreach (var p in result.Pairs)
        {
            proposed.Add(((long)Math.Min(p.A, p.B) * n) + Math.Max(p.A, p.B));
        }

        var person = ErrorBreakdown.PersonIndex(records, personOf);
        var shown = 0;
        var tally = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        void Count(string key, double p)
        {
            if (!tally.TryGetValue(key, out var row))
            {
                tally[key] = row = new long[3];
            }

            row[0]++;
            row[1] += p >= threshold ? 1 : 0;
            row[2] += p >= 0.1 ? 1 : 0;
        }

        foreach (var members in Enumerable.Range(0, n).GroupBy(i => person[i]).Where(g => g.Count() > 1).Select(g => g.ToArray()))
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    var (a, b) = (Math.Min(members[x], members[y]), Math.Max(members[x], members[y]));
                    if (proposed.Contains(((long)a * n) + b))
                    {
                        continue;
                    }

                    var p = result.Explain(a, b).Probability;
                    var agreeing = new List<string>();
                    for (var r = 0; r < rules.Count; r++)
                    {
                        var k = keys[r];
                        if (k[a] == Blocker.NoKey || (k[a] >> 1) != (k[b] >> 1))
                        {
                            continue;
                        }

                        var size = blockSize[r][k[a] >> 1];
                        var refine = string.Join(",", refiners[r].Select(v => v[a] == 0 || v[b] == 0 ? "missing" : v[a] == v[b] ? "same" : "differs"));
                        agreeing.Add($"{rules[r].Name} [block {Bucket(size, maxBlockSize)}; refiners {refine}]");
                    }

                    if (agreeing.Count == 0 && p >= threshold && shown++ < 12)
                    {
                        output.WriteLine("EXAMPLE " + string.Join(" | ", agreeing) + Environment.NewLine + result.Explain(a, b));
                    }

                    Count("all", p);
                    Count(agreeing.Count == 0 ? "no rule's key agrees" : "some rule's key agrees", p);
                    if (agreeing.Count > 0)
                    {
                        Count("  first: " + agreeing[0], p);
                        Count("  rules agreeing: " + agreeing.Count.ToString(CultureInfo.InvariantCulture), p);
                    }
                }
            }
        }

        output.WriteLine("NEVER PROPOSED: cause | true pairs | would score >= threshold | >= 0.1");
        foreach (var (key, row) in tally.OrderByDescending(t => t.Value[0]))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {row[0]:N0} | {row[1]:N0} | {row[2]:N0} |"));
        }

        foreach (var (rule, r) in rules.Select((rule, r) => (rule, r)))
        {
            var over = blockSize[r].Values.Where(s => s > maxBlockSize).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rule {rule.Name}: blocks over {maxBlockSize}: {over.Count:N0} holding {over.Sum(s => (long)s):N0} rows, {over.Sum(s => (long)s * (s - 1) / 2):N0} pairs; largest {(over.Count == 0 ? 0 : over.Max()):N0}"));
        }
    }

    private static string Bucket(int size, int cap) =>
        size <= cap ? $"≤{cap}" : size <= 2 * cap ? $"{cap + 1}–{2 * cap}" : size <= 5 * cap ? $"{(2 * cap) + 1}–{5 * cap}" : $">{5 * cap}";
}
