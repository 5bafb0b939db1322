using Dossier.Text;
using Xunit.Abstractions;

namespace Dossier.Text.Tests;

/// <summary>
/// Measures the phonetic key on a table of real romanisation variants and of different names
/// (Data/name-pairs.tsv): recall (variants that share a key) and false-match rate (different names that
/// share one). The figures are printed and recorded in docs/text.md; the thresholds guard against regressions.
/// </summary>
public class NamePairTableTests(ITestOutputHelper output)
{
    private static readonly string TablePath = Path.Combine(AppContext.BaseDirectory, "Data", "name-pairs.tsv");

    private static List<(string Kind, string First, string Second, int Line)> ReadTable()
    {
        var rows = new List<(string, string, string, int)>();
        var lines = File.ReadAllLines(TablePath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            if (fields.Length != 3 || fields[0] is not ("same" or "diff"))
            {
                throw new InvalidDataException($"{TablePath} line {i + 1}: expected 'same|diff<TAB>first<TAB>second'.");
            }

            rows.Add((fields[0], fields[1], fields[2], i + 1));
        }

        return rows;
    }

    [Fact]
    public void Table_should_hold_at_least_200_variant_pairs_and_200_different_pairs()
    {
        var rows = ReadTable();
        rows.Count(r => r.Kind == "same").ShouldBeGreaterThanOrEqualTo(200);
        rows.Count(r => r.Kind == "diff").ShouldBeGreaterThanOrEqualTo(200);
    }

    [Fact]
    public void PhoneticKey_should_join_variants_and_separate_different_names_on_the_table()
    {
        var rows = ReadTable();
        var same = rows.Where(r => r.Kind == "same").ToList();
        var diff = rows.Where(r => r.Kind == "diff").ToList();
        var missed = same.Where(r => PhoneticKey.Compute(r.First) != PhoneticKey.Compute(r.Second)).ToList();
        var falseMatches = diff.Where(r => PhoneticKey.Compute(r.First) == PhoneticKey.Compute(r.Second)).ToList();
        var recall = 1.0 - ((double)missed.Count / same.Count);
        var falseMatchRate = (double)falseMatches.Count / diff.Count;

        output.WriteLine($"variant pairs: {same.Count}, sharing a key: {same.Count - missed.Count}, recall {recall:P1}");
        output.WriteLine($"different pairs: {diff.Count}, sharing a key: {falseMatches.Count}, false-match rate {falseMatchRate:P1}");
        // The rules and this table have the same author; pairs that only the rules decide (no spelling the
        // lexicon lists as a variant, Latin on both sides) are the fairer figure.
        var variants = PersianNameLexicon.All.SelectMany(entry => entry.Variants)
            .Select(v => NameNormalizer.Normalize(v).Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        bool RulesOnly(string name) => NameNormalizer.DetectScript(name) == Script.Latin
            && !variants.Contains(NameNormalizer.Normalize(name).Replace(" ", "", StringComparison.Ordinal));
        var rulesOnly = same.Where(r => RulesOnly(r.First) && RulesOnly(r.Second)).ToList();
        var rulesOnlyMissed = rulesOnly.Count(r => PhoneticKey.Compute(r.First) != PhoneticKey.Compute(r.Second));
        output.WriteLine($"variant pairs decided by rules alone: {rulesOnly.Count}, recall {1.0 - ((double)rulesOnlyMissed / rulesOnly.Count):P1}");
        var crossScript = same.Where(r => NameNormalizer.DetectScript(r.First) == Script.Persian).ToList();
        var crossMissed = crossScript.Count(r => PhoneticKey.Compute(r.First) != PhoneticKey.Compute(r.Second));
        output.WriteLine($"Persian-script against Latin variant pairs: {crossScript.Count}, recall {1.0 - ((double)crossMissed / crossScript.Count):P1}");

        foreach (var (_, first, second, line) in missed)
        {
            output.WriteLine($"  missed  (line {line}) {first} [{PhoneticKey.Compute(first)}] ~ {second} [{PhoneticKey.Compute(second)}]");
        }

        foreach (var (_, first, second, line) in falseMatches)
        {
            output.WriteLine($"  merged  (line {line}) {first} / {second} [{PhoneticKey.Compute(first)}]");
        }

        recall.ShouldBeGreaterThanOrEqualTo(0.95);
        falseMatchRate.ShouldBeLessThanOrEqualTo(0.05);
    }

    [Fact]
    public void SearchKeys_should_find_every_variant_pair_that_the_phonetic_key_joins_in_either_direction()
    {
        foreach (var (_, first, second, _) in ReadTable().Where(r => r.Kind == "same"))
        {
            if (PhoneticKey.Compute(first) == PhoneticKey.Compute(second))
            {
                SearchKeys.For(first).Phonetic.Intersect(SearchKeys.For(second).Phonetic).ShouldNotBeEmpty($"{first} / {second}");
            }
        }
    }
}
