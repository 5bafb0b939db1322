using Dossier.Estimation.Bayesian;
using Dossier.Estimation.Numerics;
using Dossier.Testing;
using Xunit.Abstractions;

namespace Dossier.Estimation.Tests;

public sealed class LatentClassTests(ITestOutputHelper output)
{
    [SharedDataTheory]
    [InlineData("HIV")]
    [InlineData("lesbian")]
    [InlineData("UKdat_5")]
    public void Print_posterior(string dataset)
    {
        var h = CaptureHistoryCsv.Read(TestEnvironment.SharedData(RcaptureReference.Files[dataset])).Total;
        var r = LatentClassModel.Run(h, new LatentClassOptions { Seed = 11, Samples = 5000 });
        output.WriteLine($"{dataset}: median {r.Median} [{r.Lower}, {r.Upper}] mean {r.Mean:F1} sd {r.StandardDeviation:F1} ess {r.EffectiveSampleSize:F0} rhat {r.Rhat:F3}");
    }
}
