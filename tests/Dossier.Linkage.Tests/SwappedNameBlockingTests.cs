using System.Globalization;
using System.Text;
using Dossier.Linkage.Blocking;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Tests;

/// <summary>Blocking reads given and family names written the other way round as if swapped back (ADR 1831).</summary>
public sealed class SwappedNameBlockingTests
{
    private const string Header = "id,given_name,family_name,father_name,birth_year,death_date\n";

    private static readonly string[] Given = ["Ali", "Reza", "Mohammad", "Hassan", "Mehdi", "Javad"];

    private static readonly string[] Family = ["Hosseini", "Karimi", "Ahmadi", "Rezaei", "Moradi", "Sadeghi", "Jafari"];

    private static RecordSet Records(string csv) => RecordSet.ForDedupe(CsvTable.Parse(Encoding.UTF8.GetBytes(csv), "list.csv"), "id");

    // Every given name with every family name, ten times, written as usual, and one such row in twenty written the
    // other way round (w…, as lists do: "Hosseini Ali"); then the extra rows as given.
    private static string List(params string[] extra)
    {
        var rows = new StringBuilder(Header);
        var i = 0;
        for (var copy = 0; copy < 10; copy++)
        {
            foreach (var g in Given)
            {
                foreach (var f in Family)
                {
                    rows.Append(i % 20 == 7
                        ? string.Create(CultureInfo.InvariantCulture, $"w{i:D3},{f},{g},,,\n")
                        : string.Create(CultureInfo.InvariantCulture, $"n{i:D3},{g},{f},,,\n"));
                    i++;
                }
            }
        }

        foreach (var row in extra)
        {
            rows.Append(row).Append('\n');
        }

        return rows.ToString();
    }

    // The rows read swapped, those of the list's own written-round rows (w…) left out once all of them are checked.
    private static string[] ReadSwapped(RecordSet records)
    {
        var swapped = Blocker.SwappedNames(records).ShouldNotBeNull();
        var ids = Enumerable.Range(0, records.Count).Where(r => swapped[r]).Select(records.IdOf).ToList();
        var written = Enumerable.Range(0, records.Count).Select(records.IdOf).Where(id => id.StartsWith('w')).ToList();
        written.ShouldNotBeEmpty();
        ids.Where(id => id.StartsWith('w')).ShouldBe(written, ignoreOrder: true);
        return [.. ids.Where(id => !id.StartsWith('w')).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void A_family_name_in_the_given_column_and_a_given_name_in_the_family_column_should_be_read_swapped()
    {
        var records = Records(List("s1,Hosseini,Ali,,,", "s2,Moradi,Javad,,,", "s3,Karimi,Reza,,,"));
        ReadSwapped(records).ShouldBe(["s1", "s2", "s3"]);
    }

    [Fact]
    public void One_name_that_is_plainly_the_other_kind_should_outweigh_a_damaged_partner()
    {
        // "Hosseimi" is a typo (a key seen nowhere else); "Mehdi" in the family column is what tells.
        var records = Records(List("s1,Hosseimi,Mehdi,,,", "s2,Karimi,Reza,,,"));
        ReadSwapped(records).ShouldBe(["s1", "s2"]);
    }

    [Fact]
    public void Names_written_as_usual_should_not_be_read_swapped()
    {
        var records = Records(List("x1,Ali,Roshannejad,,,", "x2,Kaveh,Hosseini,,,"));
        ReadSwapped(records).ShouldBeEmpty();
    }

    [Fact]
    public void The_reading_should_not_depend_on_the_order_of_the_rows()
    {
        var csv = List("s1,Hosseini,Ali,,,", "s2,Hosseimi,Mehdi,,,", "x1,Ali,Roshannejad,,,");
        var lines = csv.TrimEnd('\n').Split('\n');
        var reversed = string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]) + "\n";
        ReadSwapped(Records(reversed)).ShouldBe(ReadSwapped(Records(csv)));
    }

    [Fact]
    public void Without_a_family_name_column_nothing_should_be_read_swapped()
    {
        var records = Records("id,given_name,father_name\na,Ali,Reza\nb,Hosseini,Reza\n");
        Blocker.SwappedNames(records).ShouldBeNull();
    }

    [Fact]
    public void A_swapped_row_with_a_typo_in_its_family_name_should_meet_its_partner_through_the_given_name_and_year()
    {
        // "Hosseini Ali" (swapped) with a consonant typo in the family name ("Hosseimi"): the order-free rules need
        // both names' keys or consonants, the family-name rules the family name; the given name with the birth year
        // (or with the father's name) can meet, and only if the swapped row's given name is read from its family column.
        var records = Records(List("a,Ali,Hosseini,Akbar,1951,", "b,Hosseimi,Ali,Akbar,1951,"));
        var rules = BlockingRule.Defaults(records.Fields);
        var (a, b) = (records.IndexOf("a"), records.IndexOf("b"));
        bool Proposed(RecordPair[] pairs) => pairs.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));

        var (asWritten, _, _) = Blocker.Generate(records, rules, maxBlockSize: 100);
        Proposed(asWritten).ShouldBeFalse();

        var swapped = Blocker.SwappedNames(records).ShouldNotBeNull();
        swapped[b].ShouldBeTrue();
        var (readBack, _, _) = Blocker.Generate(records, rules, maxBlockSize: 100, swapped);
        Proposed(readBack).ShouldBeTrue();
    }

    [Fact]
    public void The_engine_should_link_a_swapped_and_damaged_row_only_with_swapped_name_blocking_on()
    {
        var records = Records(List("a,Ali,Hosseini,Akbar,1951,1988-08-01", "b,Hosseimi,Ali,Akbar,1951,1988-08-01"));
        var (a, b) = (records.IndexOf("a"), records.IndexOf("b"));
        bool Candidate(LinkageResult result) => result.Pairs.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));

        Candidate(LinkageEngine.Run(records, new LinkageOptions { SwappedNameBlocking = false })).ShouldBeFalse();
        Candidate(LinkageEngine.Run(records, new LinkageOptions())).ShouldBeTrue();
    }
}
