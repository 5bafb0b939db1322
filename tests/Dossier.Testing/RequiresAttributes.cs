namespace Dossier.Testing;

/// <summary>
/// Helpers for tests that need a real external part. Off CI a missing part skips the test with the
/// reason; under CI the test runs and fails, so a broken CI machine cannot pass quietly.
/// </summary>
internal static class SkipRule
{
    public static string? SkipUnlessAvailable(bool available, string reason) =>
        available || TestEnvironment.IsCi ? null : reason;
}

/// <summary>A fact that needs <c>../shared/data</c>.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(TestEnvironment.SharedDataDirectory is not null,
            "Skipped: the reference data folder ../shared/data is absent on this machine.");
    }
}

/// <summary>A theory that needs <c>../shared/data</c>.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(TestEnvironment.SharedDataDirectory is not null,
            "Skipped: the reference data folder ../shared/data is absent on this machine.");
    }
}
