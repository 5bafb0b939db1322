using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Dossier.Cli;

/// <summary>
/// Long explanations printed after a command's own help (`dossier estimate --help`), so the list of
/// commands in `dossier --help` keeps each command to its one-line description.
/// </summary>
internal static class HelpNotes
{
    private static readonly ConditionalWeakTable<Command, string> Notes = [];

    /// <summary>Print <paramref name="notes"/> after this command's help.</summary>
    public static T WithNotes<T>(this T command, string notes)
        where T : Command
    {
        Notes.AddOrUpdate(command, notes);
        return command;
    }

    /// <summary>Make the root's help option print each command's notes after its usual help.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction usual)
        {
            help.Action = new WithNotesAction(usual);
        }
    }

    private sealed class WithNotesAction(HelpAction usual) : SynchronousCommandLineAction
    {
        // Like the usual help: `dossier import --help` shows help rather than "missing <file>".
        public override bool ClearsParseErrors => usual.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var code = usual.Invoke(parseResult);
            if (Notes.TryGetValue(parseResult.CommandResult.Command, out var notes))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(notes);
                output.WriteLine();
            }

            return code;
        }
    }
}
