using System.Text;

namespace Dossier.Cli.Tests;

/// <summary>Runs the real <c>dossier</c> command in-process and captures what it prints.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>Console is process-wide: every test class that runs the CLI joins this collection, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection
{
    public const string Name = "cli";
}

public static class Cli
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter(new StringBuilder());
        var error = new StringWriter(new StringBuilder());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = DossierCommand.Run(args);
            return new CliResult(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>How many entries the workspace's ledger holds, as `verify` reports it (0 when it reports an empty ledger).</summary>
    public static long LedgerSize(string workspace)
    {
        var verify = Run("verify", "--workspace", workspace);
        if (verify.ExitCode == 1 && verify.Error.Contains("the ledger holds no entries", StringComparison.Ordinal))
        {
            return 0;
        }

        verify.ExitCode.ShouldBe(0, verify.All);
        var words = verify.Output.Split(' ');
        return long.Parse(words[Array.IndexOf(words, "entries") - 1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string NewWorkspace()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
