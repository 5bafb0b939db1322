namespace Dossier.Testing;

/// <summary>
/// Facts about the machine the tests run on. Under CI (<c>CI=true</c>) nothing may be skipped:
/// a missing PostgreSQL, Chromium or reference data set fails the test instead.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reference data folder (<c>../shared/data</c> beside the repository), or null.</summary>
    public static string? SharedDataDirectory { get; } = FindSharedData();

    /// <summary>Path of a file under the shared data folder; fails with a clear message if absent.</summary>
    public static string SharedData(string relativePath)
    {
        var root = SharedDataDirectory
            ?? throw new InvalidOperationException("The reference data folder ../shared/data was not found; set DOSSIER_SHARED_DATA.");
        return Path.Combine(root, relativePath);
    }

    /// <summary>The repository root (the folder holding Dossier.slnx).</summary>
    public static string RepositoryRoot { get; } = FindUp("Dossier.slnx") ?? Directory.GetCurrentDirectory();

    private static string? FindSharedData()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOSSIER_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindUp(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, fileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
