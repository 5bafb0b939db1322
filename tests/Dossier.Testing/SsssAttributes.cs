namespace Dossier.Testing;

/// <summary>Whether Debian's <c>ssss</c> (ssss-split, ssss-combine) is on PATH, for the key custody tests.</summary>
public static class Ssss
{
    public static bool IsAvailable { get; } = OnPath("ssss-split") && OnPath("ssss-combine");

    public const string UnavailableReason = "Skipped: ssss-split and ssss-combine are not on PATH (Debian package ssss: apt-get install ssss; .ci/run installs it).";

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}

/// <summary>A fact that needs Debian's ssss: skips with the reason off CI, runs and fails under <c>CI=true</c>.</summary>
public sealed class SsssFactAttribute : FactAttribute
{
    public SsssFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(Ssss.IsAvailable, Ssss.UnavailableReason);
    }
}
