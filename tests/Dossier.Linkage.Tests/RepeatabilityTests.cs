namespace Dossier.Linkage.Tests;

/// <summary>
/// The same rows give the same pairs, probabilities and clusters, byte for byte, whatever order the file
/// lists them in and however many threads run: a figure quoted in court must come out again on re-run.
/// </summary>
public sealed class RepeatabilityTests : IDisposable
{
    private readonly SyntheticData _data = SyntheticData.Create(6_000, seed: 41);
    private readonly string _shuffled = Path.Combine(Path.GetTempPath(), $"dossier-shuffled-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");

    public RepeatabilityTests()
    {
        var lines = File.ReadAllLines(_data.Path);
        var rows = lines[1..];
        new Random(11).Shuffle(rows);
        File.WriteAllLines(_shuffled, [lines[0], .. rows]);
    }

    [Fact]
    public void Dedupe_of_the_same_rows_in_another_order_on_one_thread_writes_the_same_clusters_and_pairs()
    {
        var (clusters, pairs) = Outputs(LinkageRunner.Dedupe(_data.Path, "record_id", null, options: new LinkageOptions { Threads = Environment.ProcessorCount }));
        var (shuffledClusters, shuffledPairs) = Outputs(LinkageRunner.Dedupe(_shuffled, "record_id", null, options: new LinkageOptions { Threads = 1 }));

        shuffledClusters.ShouldBe(clusters);
        shuffledPairs.ShouldBe(pairs);
        clusters.Split('\n').Length.ShouldBeGreaterThan(6_000);
    }

    [Fact]
    public void Linking_two_files_gives_the_same_pairs_when_either_file_is_reordered()
    {
        // The first list's rows on the left, the other lists' rows on the right: many people are on both.
        var lines = File.ReadAllLines(_data.Path);
        var firstList = lines[1].Split(',')[1];
        var leftRows = lines[1..].Where(line => line.Split(',')[1] == firstList).ToArray();
        var rightRows = lines[1..].Where(line => line.Split(',')[1] != firstList).ToArray();
        var left = Temporary([lines[0], .. leftRows]);
        var right = Temporary([lines[0], .. rightRows]);
        new Random(5).Shuffle(rightRows);
        var rightShuffled = Temporary([lines[0], .. rightRows]);
        try
        {
            var first = LinkageRunner.Link(left, right, "record_id", null, options: new LinkageOptions { Threads = Environment.ProcessorCount });
            var second = LinkageRunner.Link(left, rightShuffled, "record_id", null, options: new LinkageOptions { Threads = 1 });

            Pairs(second).ShouldBe(Pairs(first));
            Pairs(first).Split('\n').Length.ShouldBeGreaterThan(100);
        }
        finally
        {
            File.Delete(left);
            File.Delete(right);
            File.Delete(rightShuffled);
        }
    }

    public void Dispose()
    {
        _data.Dispose();
        File.Delete(_shuffled);
    }

    private static (string Clusters, string Pairs) Outputs(LinkageResult result)
    {
        using var clusters = new StringWriter();
        LinkageRunner.WriteClusters(result, clusters);
        return (clusters.ToString(), Pairs(result));
    }

    private static string Pairs(LinkageResult result)
    {
        using var pairs = new StringWriter();
        LinkageRunner.WritePairs(result, pairs, 0.5, oneToOne: false);
        return pairs.ToString();
    }

    private static string Temporary(string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dossier-part-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
