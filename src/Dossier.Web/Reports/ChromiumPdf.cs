using System.Diagnostics;

namespace Dossier.Web.Reports;

/// <summary>
/// Prints an HTML file to PDF with headless Chromium (Debian's <c>chromium</c>): it shapes Persian and lays out
/// right-to-left runs, which the PDF libraries in the package copy do not (ADR 1502). Chromium is started with
/// everything that would reach the network switched off, on a throwaway profile; the page it prints is a local
/// file that names nothing outside itself.
/// </summary>
public static class ChromiumPdf
{
    /// <summary>Prints <paramref name="html"/>: the PDF's bytes, or why it could not.</summary>
    /// <summary>A self-contained report as the bytes of the format asked for: the HTML itself (UTF-8), or printed to PDF.</summary>
    public static async Task<(byte[]? Content, string? Error)> InFormatAsync(string html, ReportFormat format, CancellationToken cancellationToken) =>
        format == ReportFormat.Pdf ? await PrintAsync(html, cancellationToken) : (System.Text.Encoding.UTF8.GetBytes(html), null);

    public static async Task<(byte[]? Pdf, string? Error)> PrintAsync(string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (Dossier.Documents.WebCapture.FindChromium() is not { } chromium)
        {
            return (null, "printing to PDF needs Chromium: install Debian's `chromium` package (or set DOSSIER_CHROMIUM to its path)");
        }

        var work = Path.Combine(Path.GetTempPath(), "dossier-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var page = Path.Combine(work, "report.html");
            var output = Path.Combine(work, "report.pdf");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in Dossier.Documents.WebCapture.QuietArguments(Path.Combine(work, "profile")).Concat(
            [
                "--no-pdf-header-footer",
                // Time in the page runs until nothing is pending (the embedded font decoded), without waiting on the clock.
                "--virtual-time-budget=10000",
                $"--print-to-pdf={output}",
                new Uri(page).AbsoluteUri,
            ]))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {chromium}");
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                var said = (await errors).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) && !l.Contains("dbus", StringComparison.Ordinal)).LastOrDefault();
                return (null, $"Chromium did not print the report (exit {process.ExitCode}){(said is null ? string.Empty : ": " + said.Trim())}");
            }

            return (await File.ReadAllBytesAsync(output, cancellationToken), null);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A profile file Chromium still held: it is in the temp folder and holds nothing of the case.
            }
        }
    }
}
