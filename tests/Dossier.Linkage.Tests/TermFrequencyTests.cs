using System.Globalization;
using System.Text;
using Dossier.Linkage.Comparisons;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

/// <summary>Term-frequency weights leave the record itself out in a deduplication (ADR 1815).</summary>
public sealed class TermFrequencyTests
{
    [Fact]
    public void Leave_one_out_share_should_be_the_chance_another_record_holds_the_value()
    {
        Shares.LeaveOneOut(2, 101).ShouldBe(0.01, 1e-15);
        Shares.LeaveOneOut(1, 101).ShouldBe(0);
        Shares.Of(2, 101, leaveOneOut: false).ShouldBe(2.0 / 101, 1e-15);
    }

    [Fact]
    public void Leave_one_out_shares_should_average_to_the_exact_agreement_u()
    {
        // Σ_v (c_v/n)·(c_v − 1)/(n − 1) is the chance that two different random records agree: the u of
        // exact agreement from value counts. The plain shares average to Σ (c_v/n)², which is larger.
        var records = RecordSet.ForDedupe(Table(), "id");
        var family = records.Comparisons.First(c => c.Role == FieldRole.FamilyName);
        var text = (TextComparison)family;
        var u = family.ExactAgreementByFrequency(records.LeftCount, link: false);
        double leaveOneOut = 0, plain = 0;
        for (var v = 1; v < text.Data.DistinctCount; v++)
        {
            var share = family.TermShare(v, leaveOneOut: false);
            leaveOneOut += share * family.TermShare(v, leaveOneOut: true);
            plain += share * share;
        }

        leaveOneOut.ShouldBe(u, 1e-12);
        plain.ShouldBeGreaterThan(u);
    }

    [Fact]
    public void A_family_name_held_by_two_records_should_weigh_log2_of_u_over_one_in_n_minus_one()
    {
        var records = RecordSet.ForDedupe(Table(), "id");
        var result = LinkageEngine.Run(records, new LinkageOptions { RandomPairs = 20_000 });
        var a = records.IndexOf("rare1", 0);
        var b = records.IndexOf("rare2", 0);
        var family = result.Explain(a, b).Comparisons.Single(c => c.Role == FieldRole.FamilyName);
        family.Level.ShouldBe("exact");
        var n = records.Count;
        var uExact = records.Comparisons.First(c => c.Role == FieldRole.FamilyName).ExactAgreementByFrequency(n, link: false);

        // The plain share (2/n) would give a bit less.
        family.TermFrequencyWeight.ShouldBe(Math.Log2(uExact * (n - 1)), 1e-9);
    }

    // 200 rows of four common family names and one family name held by two rows.
    private static CsvTable Table()
    {
        string[] given = ["ali", "reza", "hassan", "mahmoud", "javad"];
        string[] family = ["ahmadi", "karimi", "rezaei", "hosseini"];
        var b = new StringBuilder("id,given_name,surname,birth_year\n");
        for (var i = 0; i < 200; i++)
        {
            b.Append(CultureInfo.InvariantCulture, $"r{i},{given[i % given.Length]},{family[i % family.Length]},{1950 + (i % 30)}\n");
        }

        b.Append("rare1,parviz,zarrinkolah,1961\nrare2,parviz,zarrinkolah,1961\n");
        return CsvTable.Parse(Encoding.UTF8.GetBytes(b.ToString()), "tf.csv");
    }
}
