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

    /// <summary>The ledger's size by `verify --ledger-only` with <paramref name="where"/> (--workspace, and --database on PostgreSQL).</summary>
    public static long LedgerSize(IEnumerable<string> where)
    {
        var verify = Run(["verify", "--ledger-only", .. where]);
        verify.ExitCode.ShouldBe(0, verify.All);
        var words = verify.Output.Split(' ');
        return long.Parse(words[Array.IndexOf(words, "entries") - 1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An investigator's API token (sealing protected witnesses takes that role), made through a first admin, in the
    /// workspace and database <paramref name="where"/> names (--workspace, and --database on PostgreSQL).
    /// </summary>
    public static string InvestigatorToken(IEnumerable<string> where)
    {
        var at = where.ToArray();
        var admin = Run(["user", "add", "test-admin", "--role", "admin", "--with-token", .. at]);
        admin.ExitCode.ShouldBe(0, admin.All);
        var added = Run(["user", "add", "ines", "--role", "investigator", "--with-token", "--token", TokenIn(admin.Output, "test-admin"), .. at]);
        added.ExitCode.ShouldBe(0, added.All);
        return TokenIn(added.Output, "ines");
    }

    private static readonly Dictionary<string, string> AdminTokens = [];

    /// <summary>
    /// An API token of a test admin of <paramref name="workspace"/>, made on first use as the workspace's first
    /// admin (the local operator may do that while there is none).
    /// </summary>
    public static string AdminToken(string workspace)
    {
        lock (AdminTokens)
        {
            if (!AdminTokens.TryGetValue(workspace, out var token))
            {
                var added = Run("user", "add", "test-admin", "--role", "admin", "--with-token", "--workspace", workspace);
                added.ExitCode.ShouldBe(0, added.All);
                token = TokenIn(added.Output, "test-admin");
                AdminTokens[workspace] = token;
            }

            return token;
        }
    }

    /// <summary>A new account of this role and its API token, made with the workspace's admin token.</summary>
    public static string AccountToken(string workspace, string name, string role, string? adminToken = null)
    {
        adminToken ??= AdminToken(workspace);
        var added = Run("user", "add", name, "--role", role, "--with-token", "--token", adminToken, "--workspace", workspace);
        added.ExitCode.ShouldBe(0, added.All);
        return TokenIn(added.Output, name);
    }

    /// <summary>The token printed for <paramref name="account"/> by `user add --with-token` or `demo` (its "token dsr_…" column).</summary>
    public static string TokenIn(string output, string account)
    {
        var line = output.Split('\n').First(l => l.TrimStart().StartsWith(account + " ", StringComparison.Ordinal) && l.Contains("dsr_", StringComparison.Ordinal));
        return line[line.IndexOf("dsr_", StringComparison.Ordinal)..].Split(' ', 2)[0].Trim();
    }

    public static string NewWorkspace()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
