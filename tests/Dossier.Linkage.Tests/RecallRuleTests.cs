using System.Text;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;
using Dossier.Text;

namespace Dossier.Linkage.Tests;

/// <summary>The blocking rules that only propose pairs (ADR 0413).</summary>
public sealed class RecallRuleTests
{
    private static RecordSet Records(string csv) => RecordSet.ForDedupe(CsvTable.Parse(Encoding.UTF8.GetBytes(csv), "list.csv"), "id");

    [Theory]
    [InlineData("Hossein", "Husein")]
    [InlineData("Sohrabi", "Suhrabi")]
    [InlineData("حسین", "Husein")]
    [InlineData("Fereydoun", "Faridun")]
    public void Names_that_differ_only_in_vowels_should_share_a_consonant_key(string a, string b)
    {
        var (x, y) = (PhoneticKey.Compute(NameKeys.Comparable(a)), PhoneticKey.Compute(NameKeys.Comparable(b)));
        Blocker.Skeleton(x).ShouldBe(Blocker.Skeleton(y), $"{x} / {y}");
    }

    [Fact]
    public void Consonant_keys_should_keep_different_consonants_apart() =>
        Blocker.Skeleton(PhoneticKey.Compute("sohrabi")).ShouldNotBe(Blocker.Skeleton(PhoneticKey.Compute("sobhani")));

    [Fact]
    public void Vowels_garbled_in_both_names_with_nothing_else_should_still_be_proposed_by_the_consonant_rule()
    {
        // Different phonetic keys for both names, no birth year, father or death date: no older rule meets them.
        var records = Records("id,given_name,family_name,father_name,birth_year,death_date\na,Hossein,Sohrabi,,,\nb,Husein,Suhrabi,,,\nc,Hassan,Sobhani,,,\n");
        var rules = BlockingRule.Defaults(records.Fields);
        var (pairs, _, stats) = Blocker.Generate(records, rules, maxBlockSize: 100);
        pairs.Select(p => (records.IdOf(p.A), records.IdOf(p.B))).ShouldBe([("a", "b")]);
        stats.Single(s => s.Pairs > 0).Rule.ShouldBe("family+given consonants (either order)");
    }

    [Fact]
    public void A_typo_in_the_given_name_with_nothing_else_should_be_proposed_by_the_family_name_alone()
    {
        // "Mohammad" / "Mohamnad": different phonetic and consonant keys; no birth year, father or death date.
        var records = Records("id,given_name,family_name,father_name,birth_year,death_date\na,Mohammad,Roshannejad,,,\nb,Mohamnad,Roshannejad,,,\nc,Ali,Karimi,,,\n");
        var rules = BlockingRule.Defaults(records.Fields);
        var (pairs, _, stats) = Blocker.Generate(records, rules, maxBlockSize: 100);
        pairs.Select(p => (records.IdOf(p.A), records.IdOf(p.B))).ShouldBe([("a", "b")]);
        stats.Single(s => s.Pairs > 0).Rule.ShouldBe("family phonetic");
    }

    [Fact]
    public void A_typo_early_in_the_family_name_with_nothing_else_should_be_proposed_by_the_given_name_and_the_family_names_end()
    {
        // "Roshannejad" / "Toshannejad": the family name's phonetic key, its start and its consonants all differ;
        // no birth year, father or death date. Only the end of the family name still meets.
        var records = Records("id,given_name,family_name,father_name,birth_year,death_date\na,Kaveh,Roshannejad,,,\nb,Kaveh,Toshannejad,,,\nc,Kaveh,Karimi,,,\nd,Ali,Roshannejad,,,\n");
        var rules = BlockingRule.Defaults(records.Fields);
        var (pairs, _, stats) = Blocker.Generate(records, rules, maxBlockSize: 100);
        pairs.Select(p => (records.IdOf(p.A), records.IdOf(p.B))).ShouldContain(("a", "b"));
        stats.Single(s => s.Rule == "given phonetic+family suffix").Pairs.ShouldBe(1);
    }

    [Fact]
    public void A_common_family_name_alone_should_not_pair_its_bearers_beyond_the_block_cap()
    {
        // Twelve bearers of one family name with twelve given names: with a cap of 4 the family block is split
        // by the given name (one bearer each), so the family rule adds no pair and nothing is skipped unsplit.
        var rows = new StringBuilder("id,given_name,family_name,father_name,birth_year,death_date\n");
        string[] given = ["Ali", "Reza", "Hassan", "Mehdi", "Javad", "Nader", "Parviz", "Kaveh", "Sohrab", "Bijan", "Dariush", "Farhad"];
        for (var i = 0; i < given.Length; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"r{i:D2},{given[i]},Hosseini,,,\n");
        }

        var records = Records(rows.ToString());
        var (pairs, _, stats) = Blocker.Generate(records, BlockingRule.Defaults(records.Fields), maxBlockSize: 4);
        pairs.ShouldBeEmpty();
        var family = stats.Single(s => s.Rule == "family phonetic");
        family.RefinedBlocks.ShouldBe(1);
        family.SkippedBlocks.ShouldBe(0);
    }

    [Fact]
    public void Recall_rules_should_propose_pairs_without_training_m()
    {
        var records = Records("id,given_name,family_name,father_name,birth_year,death_date\na,Ali,Karimi,Reza,1960,1988-08-01\n");
        var rules = BlockingRule.Defaults(records.Fields);
        rules.Where(r => !r.EstimatesM).Select(r => r.Name).ShouldBe(
            ["family+given consonants (either order)", "given phonetic+family prefix", "given phonetic+family suffix", "family+father_name phonetic",
                "family phonetic"]);
        rules.Where(r => r.EstimatesM).ShouldNotBeEmpty();
    }
}
