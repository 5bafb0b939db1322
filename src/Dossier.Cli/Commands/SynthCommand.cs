using System.CommandLine;
using Dossier.Synthesis;

namespace Dossier.Cli.Commands;

/// <summary><c>synth lists</c>: synthetic Persian victim lists with ground truth, for tests, benchmarks and training.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "How many invented people the lists are drawn from.", DefaultValueFactory = _ => 1000 };
        var list = new Option<string[]>("--list")
        {
            Description = "A list to draw, as ID[:key=value,...] (keys: capture, heterogeneity, persian, arabic, variant, typo, missing, swap, "
                + "birthyear, duplicate, hijri, imprecise, upper; see docs/synthetic-lists.md). Repeat for K lists. Default: the three demo lists.",
            AllowMultipleArgumentsPerToken = false,
        };
        var tail = new Option<double>("--family-tail")
        {
            Description = "Share of people with a long-tail family name (head name + place of origin); 0 gives the ~1,800 head names only.",
            DefaultValueFactory = _ => new PopulationOptions().FamilyNameTailShare,
        };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and options give the same people and rows.", DefaultValueFactory = _ => 1988 };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for one CSV per list plus truth.csv (record_id,person_id).", Required = true };
        var lists = new Command("lists", "Write synthetic victim lists (invented people, every row marked SYNTHETIC) with their ground truth.")
        {
            people,
            tail,
            list,
            seed,
            output,
        };
        lists.SetAction(result =>
        {
            var options = new List<ListOptions>();
            foreach (var text in result.GetValue(list) ?? [])
            {
                if (!ListOptions.TryParse(text, out var parsed, out var error))
                {
                    Console.Error.WriteLine($"error: --list {text}: {error}");
                    return ExitCodes.Usage;
                }

                options.Add(parsed!);
            }

            if (options.Count == 0)
            {
                options.AddRange(SyntheticPresets.ThreeLists);
            }

            var populationOptions = new PopulationOptions { Size = result.GetValue(people), FamilyNameTailShare = result.GetValue(tail) };
            if (populationOptions.Validate() is { } invalid)
            {
                var option = invalid.StartsWith(nameof(PopulationOptions.FamilyNameTailShare), StringComparison.Ordinal) ? "--family-tail" : "--people";
                Console.Error.WriteLine($"error: {option}: {invalid}");
                return ExitCodes.Usage;
            }

            var population = SyntheticPopulation.Generate(populationOptions, result.GetValue(seed));
            var directory = result.GetValue(output)!;
            var rows = ListSampler.Sample(population, options, result.GetValue(seed) + 1);
            SyntheticCsv.WriteLists(directory.FullName, rows, [.. options.Select(o => o.ListId)]);
            Console.WriteLine($"Wrote {options.Count} SYNTHETIC lists drawn from {populationOptions.Size:N0} invented people, and truth.csv, to {directory.FullName}");
            return ExitCodes.Ok;
        });
        return new Command("synth", "Generate synthetic data (invented people, clearly labelled) for tests and benchmarks.") { lists };
    }
}
