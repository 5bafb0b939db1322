using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>A CLI workspace on SQLite or PostgreSQL, and the arguments that point a command at it.</summary>
internal sealed record Place(string Workspace, string? Database)
{
    public string[] At(params string[] args) => Database is null ? [.. args, "--workspace", Workspace] : [.. args, "--workspace", Workspace, "--database", Database];
}

/// <summary>A new workspace holding the synthetic generator's three lists of 300 invented people, imported and linked.</summary>
internal static class LinkedPlace
{
    public static async Task<Place> CreateAsync(string database)
    {
        var workspace = Cli.NewWorkspace();
        var place = new Place(workspace, await TestDatabases.NewAsync(database));
        Cli.Run(place.At("init")).ExitCode.ShouldBe(0);
        var folder = Path.Combine(workspace, "lists");
        Cli.Run("synth", "lists", "--people", "300", "--out", folder).ExitCode.ShouldBe(0);
        foreach (var file in Directory.GetFiles(folder, "*.csv").Where(f => !f.EndsWith("truth.csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            Cli.Run(place.At("list", "import", file, "--source", "list-" + Path.GetFileNameWithoutExtension(file))).ExitCode.ShouldBe(0);
        }

        var link = Cli.Run(place.At("list", "link"));
        link.ExitCode.ShouldBe(0, link.All);
        return place;
    }

    /// <summary>The ledger entry an <c>estimate --record</c> run says it wrote ("Recorded as ledger entry #N: …").</summary>
    public static string RecordedSequence(CliResult result) => result.Output.Split("Recorded as ledger entry #")[1].Split(':')[0];
}
