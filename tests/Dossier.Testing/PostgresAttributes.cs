namespace Dossier.Testing;

/// <summary>
/// A fact that needs a real PostgreSQL (<see cref="PostgresCluster"/>). Skips with the reason on a
/// machine without it; under <c>CI=true</c> it runs, and fails with the reason.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(PostgresCluster.IsAvailable, "Skipped: " + PostgresCluster.UnavailableReason);
    }
}

/// <summary>A theory that needs a real PostgreSQL; same skip-or-fail rule as <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = SkipRule.SkipUnlessAvailable(PostgresCluster.IsAvailable, "Skipped: " + PostgresCluster.UnavailableReason);
    }
}
