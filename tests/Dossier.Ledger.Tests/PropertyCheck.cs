using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Dossier.Ledger.Tests;

/// <summary>Runs an FsCheck property with a fixed seed so a failure reproduces on every machine.</summary>
internal static class PropertyCheck
{
    public static void ForAll<T>(Gen<T> generator, Func<T, bool> property, int maxTest = 200, ulong seed = 0x1988_0719)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(generator), property));
    }
}
