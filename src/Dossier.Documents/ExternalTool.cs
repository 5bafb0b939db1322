using System.ComponentModel;
using System.Diagnostics;

namespace Dossier.Documents;

/// <summary>
/// A program or a language model this extraction needs is not installed. The message names the Debian package
/// that provides it, so the person running the command knows what to install.
/// </summary>
public sealed class ToolMissingException : Exception
{
    public ToolMissingException()
    {
    }

    public ToolMissingException(string message)
        : base(message)
    {
    }

    public ToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ToolMissingException(string what, string debianPackage)
        : base($"{what} is not installed: install the Debian package {debianPackage} (apt-get install {debianPackage})") => DebianPackage = debianPackage;

    public string? DebianPackage { get; }
}

/// <summary>What a program run printed and how it ended.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error);

/// <summary>Runs the Debian programs (tesseract, pdftoppm) as processes: arguments as a list, never through a shell.</summary>
internal static class ExternalTool
{
    public static async Task<ToolRun> RunAsync(string program, string debianPackage, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // One thread per OCR process: the work is spread over pages, not inside one (OpenMP threads fight over 2 cores).
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ToolMissingException(program, debianPackage);
        }
        catch (Win32Exception exception)
        {
            throw new ToolMissingException($"{program} is not installed: install the Debian package {debianPackage} (apt-get install {debianPackage})", exception);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new ToolRun(process.ExitCode, await output, await error);
        }
    }
}
