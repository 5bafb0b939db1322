using System.Diagnostics;
using System.Globalization;
using Dossier.Synthesis;
using Dossier.Text;

namespace Dossier.Benchmarks.Text;

/// <summary>
/// End-to-end runs for the synthetic list generator and the text kernels over its output:
/// <c>e2e synth-lists [people] [directory]</c> writes three lists as CSV and reports rows per second and
/// peak memory; <c>e2e text-keys [people]</c> computes search keys for every generated name.
/// </summary>
public static class SynthListsRun
{
    public static int Run(string[] args)
    {
        var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "dossier-synth-bench");
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = people }, 1988);
        var lists = SyntheticPresets.ThreeLists;

        var clock = Stopwatch.StartNew();
        var counts = SyntheticCsv.WriteLists(directory, ListSampler.Sample(population, lists, 7), [.. lists.Select(l => l.ListId)]);
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = counts.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"synth-lists: {people:N0} people -> {rows:N0} rows in {seconds:F2} s ({rows / seconds:N0} rows/s), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB, files in {directory}"));
        return 0;
    }

    public static int RunKeys(string[] args)
    {
        var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = people }, 1988);
        var rows = ListSampler.Sample(population, SyntheticPresets.ThreeLists, 7).ToList();
        var clock = Stopwatch.StartNew();
        long keys = 0;
        foreach (var row in rows)
        {
            var given = SearchKeys.For(row.GivenName);
            var family = SearchKeys.For(row.FamilyName);
            keys += given.Phonetic.Count + family.Phonetic.Count;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text-keys: {rows.Count * 2:N0} names keyed in {seconds:F2} s ({rows.Count * 2 / seconds:N0} names/s, {keys:N0} phonetic keys)"));
        return 0;
    }
}
