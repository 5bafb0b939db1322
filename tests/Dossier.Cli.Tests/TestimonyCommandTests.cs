using System.Globalization;
using System.Text;
using Dossier.Testimony;
using Dossier.Testimony.Synthetic;

namespace Dossier.Cli.Tests;

/// <summary>Issue 14 §8: `dossier testimony similar|lines` on plain files, exact headers, and bad input that writes nothing.</summary>
[Collection(CliCollection.Name)]
public sealed class TestimonyCommandTests
{
    private const string Header = "statement_id,witness_id,allegation_id,stance,interviewer,intermediary,organization,language,text\n";

    private static (string Folder, string Input, SyntheticTestimony Set) SyntheticFile(int seed = 3, int allegations = 30)
    {
        var folder = Cli.NewWorkspace();
        var set = TestimonyGenerator.Generate(new SyntheticTestimonyOptions { Seed = seed, Allegations = allegations });
        var input = Path.Combine(folder, "statements.csv");
        using (var writer = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            TestimonyGenerator.WriteCsv(set.Statements, writer);
        }

        return (folder, input, set);
    }

    [Fact]
    public void Testimony_similar_writes_the_exact_header_and_one_ordered_row_per_near_copy_pair()
    {
        var (folder, input, set) = SyntheticFile();
        var output = Path.Combine(folder, "similar.csv");

        var result = Cli.Run("testimony", "similar", "--input", input, "--out", output);

        result.ExitCode.ShouldBe(0, result.All);
        var lines = File.ReadAllLines(output);
        lines[0].ShouldBe("left_id,right_id,score");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        rows.ShouldAllBe(r => r.Length == 3 && string.CompareOrdinal(r[0], r[1]) < 0);
        rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ShouldAllBe(s => s >= NearCopyOptions.DefaultThreshold && s <= 1);
        rows.Select(r => (r[0], r[1])).ShouldBe(rows.Select(r => (r[0], r[1])).OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal));
        var truth = set.NearCopies.ToHashSet();
        rows.Count(r => truth.Contains((r[0], r[1]))).ShouldBeGreaterThanOrEqualTo((int)Math.Ceiling(0.95 * rows.Count));
    }

    [Fact]
    public void Testimony_similar_takes_a_threshold()
    {
        var (folder, input, _) = SyntheticFile();
        var strict = Path.Combine(folder, "strict.csv");
        var loose = Path.Combine(folder, "loose.csv");

        Cli.Run("testimony", "similar", "--input", input, "--out", strict, "--threshold", "0.9").ExitCode.ShouldBe(0);
        Cli.Run("testimony", "similar", "--input", input, "--out", loose, "--threshold", "0.2").ExitCode.ShouldBe(0);

        File.ReadAllLines(strict).Length.ShouldBeLessThan(File.ReadAllLines(loose).Length);
        Cli.Run("testimony", "similar", "--input", input, "--out", loose, "--threshold", "1.5").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Testimony_similar_holds_pairs_of_different_allegations_to_their_own_bar()
    {
        // Two statements sharing half their words: Dice about 0.47, a near-copy within one allegation, not across two.
        // Words that differ by letters (numbers are folded before shingling, so "shared1" and "shared2" would be one word).
        static string Word(string stem, int i) => stem + (char)('a' + (i / 26)) + (char)('a' + (i % 26));
        var shared = string.Join(' ', Enumerable.Range(0, 20).Select(i => Word("shared", i)));
        string Text(string own) => string.Join(' ', Enumerable.Range(0, 20).Select(i => Word(own, i))) + " " + shared;
        var folder = Cli.NewWorkspace();
        var across = Path.Combine(folder, "across.csv");
        var within = Path.Combine(folder, "within.csv");
        File.WriteAllText(across, Header + $"s1,w1,a1,supports,,,,en,{Text("alpha")}\ns2,w2,a2,supports,,,,en,{Text("beta")}\n");
        File.WriteAllText(within, Header + $"s1,w1,a1,supports,,,,en,{Text("alpha")}\ns2,w2,a1,supports,,,,en,{Text("beta")}\n");
        var output = Path.Combine(folder, "similar.csv");

        Cli.Run("testimony", "similar", "--input", within, "--out", output).ExitCode.ShouldBe(0);
        File.ReadAllLines(output).Skip(1).Select(l => l[..5]).ShouldBe(["s1,s2"]);
        var score = double.Parse(File.ReadAllLines(output)[1].Split(',')[2], CultureInfo.InvariantCulture);
        score.ShouldBeInRange(NearCopyOptions.DefaultThreshold, NearCopyOptions.DefaultCrossAllegationThreshold);

        var standard = Cli.Run("testimony", "similar", "--input", across, "--out", output);
        standard.ExitCode.ShouldBe(0);
        standard.Output.ShouldContain("0.60 across allegations");
        File.ReadAllLines(output).Length.ShouldBe(1);

        Cli.Run("testimony", "similar", "--input", across, "--out", output, "--cross-allegation-threshold", "0.3").ExitCode.ShouldBe(0);
        File.ReadAllLines(output).Skip(1).Select(l => l[..5]).ShouldBe(["s1,s2"]);
        Cli.Run("testimony", "similar", "--input", across, "--out", output, "--cross-allegation-threshold", "1.5").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Testimony_lines_writes_the_exact_header_and_a_row_per_allegation_and_stance_matching_the_truth()
    {
        var (folder, input, set) = SyntheticFile(seed: 8, allegations: 40);
        var output = Path.Combine(folder, "lines.csv");

        var result = Cli.Run("testimony", "lines", "--input", input, "--out", output, "--explain");

        result.ExitCode.ShouldBe(0, result.All);
        result.Output.ShouldContain("line 1: ");
        var lines = File.ReadAllLines(output);
        lines[0].ShouldBe("allegation_id,stance,statements,lines");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        rows.Count.ShouldBe(2 * set.Statements.Select(s => s.AllegationId).Distinct().Count());
        rows.Select(r => r[1]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["contradicts", "supports"]);
        var exact = rows.Count(r => set.Lines[(r[0], Stances.Parse(r[1])!.Value)] == int.Parse(r[3], CultureInfo.InvariantCulture));
        exact.ShouldBeGreaterThanOrEqualTo((int)Math.Ceiling(0.95 * rows.Count));
        rows.Sum(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ShouldBe(set.Statements.Count);
    }

    [Theory]
    [InlineData("statement_id,witness_id,allegation_id,stance,interviewer,organization,language,text\ns1,w1,a1,supports,,,en,t\n", "line 1, field 'intermediary'")]
    [InlineData(Header + "s1,w1,a1,maybe,,,,en,t\n", "line 2, field 'stance'")]
    [InlineData(Header + "s1,w1,a1,supports,,,,en,t\ns1,w2,a1,supports,,,,en,u\n", "line 3, field 'statement_id'")]
    public void Bad_input_names_file_line_and_field_exits_1_and_writes_nothing(string csv, string where)
    {
        var folder = Cli.NewWorkspace();
        var input = Path.Combine(folder, "statements.csv");
        File.WriteAllText(input, csv);

        foreach (var verb in new[] { "similar", "lines" })
        {
            var output = Path.Combine(folder, verb + ".csv");
            var result = Cli.Run("testimony", verb, "--input", input, "--out", output);

            result.ExitCode.ShouldBe(1);
            result.Error.ShouldContain($"{input}, {where}");
            File.Exists(output).ShouldBeFalse();
            Directory.GetFiles(folder).ShouldBe([input]);
        }
    }

    [Fact]
    public void Invalid_utf8_exits_1_and_leaves_an_existing_output_as_it_was()
    {
        var folder = Cli.NewWorkspace();
        var input = Path.Combine(folder, "statements.csv");
        File.WriteAllBytes(input, [.. Encoding.UTF8.GetBytes(Header + "s1,w1,a1,supports,,,,fa,"), 0xC3, 0x28, (byte)'\n']);
        var output = Path.Combine(folder, "similar.csv");
        File.WriteAllText(output, "earlier\n");

        var result = Cli.Run("testimony", "similar", "--input", input, "--out", output);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"{input}, line 2, field 'text': is not valid UTF-8");
        File.ReadAllText(output).ShouldBe("earlier\n");
    }

    [Fact]
    public void A_500_MB_text_field_is_refused_at_its_first_megabyte_and_nothing_is_written()
    {
        var folder = Cli.NewWorkspace();
        var input = Path.Combine(folder, "statements.csv");
        using (var file = new FileStream(input, FileMode.CreateNew))
        {
            file.Write(Encoding.UTF8.GetBytes(Header + "s1,w1,a1,supports,,,,en,\""));
            file.SetLength(500L * 1024 * 1024); // sparse: the field runs on for 500 MB
        }

        try
        {
            var output = Path.Combine(folder, "lines.csv");
            var result = Cli.Run("testimony", "lines", "--input", input, "--out", output);

            result.ExitCode.ShouldBe(1);
            result.Error.ShouldContain($"{input}, line 2, field 'text': is longer than 1,048,576 bytes");
            File.Exists(output).ShouldBeFalse();
        }
        finally
        {
            File.Delete(input);
        }
    }
}
