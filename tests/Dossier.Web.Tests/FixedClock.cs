namespace Dossier.Web.Tests;

/// <summary>A clock that always says the same time, for what a test adds to the demo workspace.</summary>
internal sealed class FixedClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
}
