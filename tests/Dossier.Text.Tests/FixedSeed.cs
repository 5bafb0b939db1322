using FsCheck;
using Microsoft.FSharp.Core;

namespace Dossier.Text.Tests;

/// <summary>FsCheck configurations with a fixed seed, so a property run is the same every time.</summary>
internal static class FixedSeed
{
    public static Config Config(int maxTest, ulong seed = 42) =>
        FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
}
