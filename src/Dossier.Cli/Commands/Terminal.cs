using Spectre.Console;

namespace Dossier.Cli.Commands;

/// <summary>
/// Spectre consoles for the CLI's tables and coloured lines. Colour and other ANSI codes only go to a
/// terminal: never into a file or a pipe (they would end up in reports and CSVs), and never when
/// <c>NO_COLOR</c> is set (https://no-color.org). Each call writes to the process's current
/// <see cref="Console.Out"/> or <see cref="Console.Error"/>, not one captured at start.
/// </summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var error = ReferenceEquals(writer, Console.Error);
        var colour = UsesColour(error);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = colour ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
    }

    public static IAnsiConsole Out => For(Console.Out);

    /// <summary>True only for a terminal, and only without NO_COLOR.</summary>
    public static bool UsesColour(bool standardError) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && !(standardError ? Console.IsErrorRedirected : Console.IsOutputRedirected);
}
