namespace Dossier.Testing;

/// <summary>
/// Debian's Chromium for browser tests (Playwright drives it through <see cref="ExecutablePath"/>;
/// Playwright's own browser download is not used, the machine may be offline).
/// </summary>
public static class ChromiumBrowser
{
    private const string DefaultPath = "/usr/bin/chromium";

    /// <summary><c>DOSSIER_CHROMIUM</c> when set, else <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("DOSSIER_CHROMIUM") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultPath;

    public static bool IsAvailable => File.Exists(ExecutablePath);

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason => IsAvailable
        ? null
        : $"Chromium was not found at {ExecutablePath} (install the Debian package 'chromium', or set DOSSIER_CHROMIUM).";

    /// <summary>
    /// Arguments to launch with. Chromium's sandbox does not run as root (CI runs as root), so it is
    /// switched off there and only there.
    /// </summary>
    public static IReadOnlyList<string> LaunchArguments { get; } =
        PostgresCluster.IsRoot ? ["--no-sandbox"] : [];
}

/// <summary>
/// A fact that needs Chromium. Skips with the reason on a machine without it; under <c>CI=true</c>
/// it runs, and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(ChromiumBrowser.IsAvailable, "Skipped: " + ChromiumBrowser.UnavailableReason);
    }
}

/// <summary>A theory that needs Chromium; same skip-or-fail rule as <see cref="ChromiumFactAttribute"/>.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(ChromiumBrowser.IsAvailable, "Skipped: " + ChromiumBrowser.UnavailableReason);
    }
}
