using System.Diagnostics;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Storage;

namespace Dossier.Benchmarks.Protection;

/// <summary>
/// End-to-end figures for sealed identities: seal (record + sealed entry + wrapped key in one
/// transaction), audited unseal, key rotation of every key, and erasure with its scrub.
/// Usage: e2e sealed-identities [N=500] [--postgres CONNECTION]
/// </summary>
public static class SealedIdentityRun
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 500;
        var postgres = Array.IndexOf(args, "--postgres") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        RunAsync(count, postgres).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(int count, string? postgres)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var none = CancellationToken.None;
        await using var store = await WorkspaceStores.OpenAsync(directory, postgres, none);
        var protection = new ProtectionService(store, MasterKeyStore.AtPath(Path.Combine(directory, "keys", "master.key")), TimeProvider.System);
        var principal = new Principal("bench", Role.Investigator);
        Console.WriteLine($"Store: {store.Describe}; {count:N0} SYNTHETIC identities");

        var watch = Stopwatch.StartNew();
        for (var k = 0; k < count; k++)
        {
            var identity = new SealedIdentity
            {
                Names = [new PersonName($"Synthetic Person {k}", "Latn", NameKind.Full), new PersonName($"شخص ساختگی {k}", "Arab", NameKind.Full)],
                Contact = $"+00 000 {k:000000}",
                Location = "Invented",
                Synthetic = true,
            };
            var result = await protection.SealAsync(new SealRequest(identity) { Synthetic = true }, principal, "benchmark (synthetic identities)", none);
            if (result.Status != SealStatus.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }

        Report("seal", count, watch.Elapsed);

        var latencies = new List<double>(count);
        watch.Restart();
        for (var k = 1; k <= count; k++)
        {
            var one = Stopwatch.StartNew();
            var opened = await protection.UnsealAsync($"w-{k:000}", principal, "benchmark", none);
            latencies.Add(one.Elapsed.TotalMilliseconds);
            if (!opened.Ok)
            {
                throw new InvalidOperationException(opened.Message);
            }
        }

        Report("unseal (audited)", count, watch.Elapsed);
        latencies.Sort();
        Console.WriteLine($"  unseal latency p50 {latencies[latencies.Count / 2]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms");

        watch.Restart();
        var (rewrapped, _) = await protection.RotateAsync(new Principal("local:bench", Role.LocalOperator), "benchmark (synthetic identities)", none);
        Console.WriteLine($"key rotate: {rewrapped:N0} keys re-wrapped in {watch.Elapsed.TotalMilliseconds:F0} ms");

        var erasures = Math.Min(20, count);
        watch.Restart();
        for (var k = 1; k <= erasures; k++)
        {
            var erased = await protection.EraseAsync($"w-{k:000}", new Principal("bench", Role.Legal), "benchmark", none);
            if (!erased.Ok)
            {
                throw new InvalidOperationException(erased.Message);
            }
        }

        Report("erase (with scrub)", erasures, watch.Elapsed);
        var head = await store.GetTreeHeadAsync(none);
        Console.WriteLine($"ledger: {head.Size:N0} entries");
    }

    private static void Report(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine($"{what}: {count:N0} in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:F0}/s");
}
