using System.Diagnostics;
using Xunit.Abstractions;

namespace Dossier.Testing.Tests;

public sealed class ChromiumBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Chromium_should_report_its_version()
    {
        var info = new ProcessStartInfo(ChromiumBrowser.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--version");
        foreach (var argument in ChromiumBrowser.LaunchArguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        output.WriteLine(stdout);
        process.ExitCode.ShouldBe(0);
        stdout.ShouldContain("Chromium");
    }
}
