using Dossier.Synthesis;

namespace Dossier.Synthesis.Tests;

public class SyntheticCsvTests
{
    [Fact]
    public void WriteRecords_should_mark_every_row_synthetic_and_keep_truth_out_unless_asked()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 300 }, 2);
        var rows = ListSampler.Sample(population, [new ListOptions("A"), new ListOptions("B")], 3).ToList();
        using var writer = new StringWriter();
        SyntheticCsv.WriteRecords(writer, rows).ShouldBe(rows.Count);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("record_id,list_id,given_name,family_name,father_name,sex,birth_year,city,prison,death_date,synthetic");
        lines.Length.ShouldBe(rows.Count + 1);
        lines.Skip(1).ShouldAllBe(line => line.EndsWith(",SYNTHETIC", StringComparison.Ordinal) && line.Split(',').Length == 11);
        lines[0].ShouldNotContain("person_id");

        using var withTruth = new StringWriter();
        SyntheticCsv.WriteRecords(withTruth, rows, includePersonId: true);
        withTruth.ToString().Split('\n')[0].ShouldStartWith("record_id,person_id,list_id");
    }

    [Fact]
    public void WriteRecord_should_quote_fields_with_commas_and_quotes()
    {
        using var writer = new StringWriter();
        SyntheticCsv.WriteRecord(writer, new ListRecord("A-1", "A", 1, "Ali, \"Hassan\"", "Noury", "", "M", "1961", "Tehran", "Evin", "1988"));
        writer.ToString().ShouldBe("A-1,A,\"Ali, \"\"Hassan\"\"\",Noury,,M,1961,Tehran,Evin,1988,SYNTHETIC\n");
    }

    [Fact]
    public void WriteLists_should_write_one_file_per_list_and_a_truth_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-synth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 500 }, 2);
            ListOptions[] lists = [new("A"), new("B"), new("C")];
            var counts = SyntheticCsv.WriteLists(directory, ListSampler.Sample(population, lists, 3), ["A", "B", "C"]);
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["A.csv", "B.csv", "C.csv", "truth.csv"]);
            foreach (var id in new[] { "A", "B", "C" })
            {
                (File.ReadAllLines(Path.Combine(directory, id + ".csv")).Length - 1).ShouldBe((int)counts[id]);
            }

            var truth = File.ReadAllLines(Path.Combine(directory, "truth.csv"));
            truth[0].ShouldBe("record_id,person_id");
            (truth.Length - 1).ShouldBe((int)counts.Values.Sum());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteLists_should_leave_nothing_when_a_row_names_an_unknown_list()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-synth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 100 }, 2);
            var rows = ListSampler.Sample(population, [new ListOptions("A"), new ListOptions("B")], 3);
            Should.Throw<InvalidOperationException>(() => SyntheticCsv.WriteLists(directory, rows, ["A"])).Message.ShouldContain("'B'");
            Directory.GetFiles(directory).ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WritePeople_should_write_the_population_with_both_scripts()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 50 }, 2);
        using var writer = new StringWriter();
        SyntheticCsv.WritePeople(writer, population.People).ShouldBe(50);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(51);
        lines[1].ShouldStartWith("1," + population[0].GivenName.Persian + "," + population[0].GivenName.Latin);
        lines.Skip(1).ShouldAllBe(line => line.EndsWith(",SYNTHETIC", StringComparison.Ordinal));
    }
}
