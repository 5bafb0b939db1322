using System.CommandLine;

namespace Dossier.Cli;

/// <summary>The root <c>dossier</c> command: every subcommand is registered here.</summary>
internal static class DossierCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("Dossier: evidence records for atrocity documentation and universal-jurisdiction cases.");
        return root.Parse(args).Invoke();
    }
}
