using Dossier.Synthesis;

namespace Dossier.Linkage.Tests;

/// <summary>SYNTHETIC Persian victim lists (Dossier.Synthesis) written to a temporary CSV, with their truth.</summary>
internal sealed class SyntheticData : IDisposable
{
    private SyntheticData(string path, List<(string Record, string Person)> truth)
    {
        Path = path;
        Truth = truth;
    }

    public string Path { get; }

    public List<(string Record, string Person)> Truth { get; }

    /// <summary>About <paramref name="records"/> rows from the three preset lists (Persian script and romanisations mixed).</summary>
    /// <param name="harder">The harder profile (ADR 0412): namesakes, siblings, transcription errors, many missing fields.</param>
    public static SyntheticData Create(int records, int seed, bool harder = false)
    {
        var size = (int)(records / 1.32);
        var population = SyntheticPopulation.Generate(harder ? SyntheticPresets.HarderPopulation(size) : new PopulationOptions { Size = size }, seed);
        var rows = ListSampler.Sample(population, harder ? SyntheticPresets.HarderLists : SyntheticPresets.ThreeLists, seed + 1);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dossier-synthetic-{seed}-{records}-{harder}-{Environment.ProcessId}.csv");
        var truth = new List<(string, string)>(records + 1000);
        using (var writer = new StreamWriter(path))
        {
            SyntheticCsv.WriteHeader(writer);
            foreach (var row in rows)
            {
                SyntheticCsv.WriteRecord(writer, row);
                truth.Add((row.RecordId, row.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return new SyntheticData(path, truth);
    }

    public void Dispose() => File.Delete(Path);
}
