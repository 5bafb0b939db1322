using System.Diagnostics;
using System.Text.RegularExpressions;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Ledger.Blobs;
using Dossier.Storage;

namespace Dossier.Cli.Tests;

/// <summary>
/// Kills the real `dossier evidence add` process (SIGKILL) at seeded random moments while it takes in many
/// files, at least 50 times, and checks after each kill: `verify` passes, every item has its file and its
/// acquisition entry, no stored file is counted as evidence without its entry, and every item the process
/// acknowledged before it died is there. Finally every file is added once more, uninterrupted.
/// </summary>
[Collection(CliCollection.Name)]
public partial class CrashSafetyTests
{
    private const int Kills = 50;
    private const int FilesPerRun = 25;

    [GeneratedRegex(@"^(?<hash>[0-9a-f]{64})  .+: (acquired|already in the vault)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Acknowledged();

    [Fact]
    public async Task Killing_evidence_add_at_random_moments_never_loses_an_acknowledged_item_or_leaves_a_half_recorded_one()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var cli = Path.Combine(AppContext.BaseDirectory, "dossier.dll");
        File.Exists(cli).ShouldBeTrue(cli);
        var random = new Random(20_261_122);
        var allFiles = new List<string>();
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var kills = 0;
        var completed = 0;
        for (var run = 0; kills < Kills; run++)
        {
            run.ShouldBeLessThan(Kills * 3, "too many runs finished before they could be killed");
            var files = NewFiles(workspace, run, random);
            // Some runs repeat files of earlier runs: the duplicate path must be crash safe too.
            if (run % 4 == 3)
            {
                files.AddRange(allFiles.OrderBy(_ => random.Next()).Take(5));
            }

            allFiles.AddRange(files);
            // A fifth of the kills land anywhere from start-up on; the rest while files are being taken in: after a
            // random number of acknowledged items and a few milliseconds more, so they land mid-file whatever the machine's speed.
            var early = random.Next(5) == 0;
            var delay = early ? random.Next(0, 700) : random.Next(0, 8);
            var afterItems = early ? 0 : random.Next(1, FilesPerRun - 1);
            var (killed, lines) = await RunAndKillAsync(cli, workspace, files, afterItems, TimeSpan.FromMilliseconds(delay));
            kills += killed ? 1 : 0;
            completed += killed ? 0 : 1;
            foreach (var line in lines)
            {
                if (Acknowledged().Match(line) is { Success: true } match)
                {
                    acknowledged.Add(match.Groups["hash"].Value);
                }
            }

            await CheckWorkspaceAsync(workspace, acknowledged, $"after run {run} ({(killed ? $"killed {delay} ms in" : "finished")})");
        }

        // What the killed runs did not finish is taken in by adding those files again.
        await using (var store = await WorkspaceStores.OpenAsync(workspace, null, CancellationToken.None))
        {
            var missing = new List<string>();
            foreach (var file in allFiles.Distinct(StringComparer.Ordinal))
            {
                if (await store.Evidence.GetItemAsync(HashOf(file), CancellationToken.None) is null)
                {
                    missing.Add(file);
                }
            }

            if (missing.Count > 0)
            {
                var final = Cli.Run(["evidence", "add", .. missing, "--collector", "Investigator A (synthetic)", "--collected-at", "2024-05-01T10:15:00Z",
                    "--zone", "UTC", "--method", "crash test", "--workspace", workspace]);
                final.ExitCode.ShouldBe(0, final.All);
            }
        }

        var items = await CheckWorkspaceAsync(workspace, acknowledged, "after adding the rest");
        items.ShouldBe(allFiles.Select(HashOf).Distinct(StringComparer.Ordinal).Count());
        kills.ShouldBeGreaterThanOrEqualTo(Kills);
    }

    private static string HashOf(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    private static List<string> NewFiles(string workspace, int run, Random random)
    {
        var folder = Path.Combine(workspace, "incoming", run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        for (var i = 0; i < FilesPerRun; i++)
        {
            var bytes = new byte[random.Next(1, 65_536)];
            random.NextBytes(bytes);
            var path = Path.Combine(folder, $"synthetic-{run}-{i}.bin");
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }

        return files;
    }

    private static async Task<(bool Killed, List<string> Lines)> RunAndKillAsync(string cli, string workspace, List<string> files, int afterItems, TimeSpan delay)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", cli, "evidence", "add" }.Concat(files)
            .Concat(["--collector", "Investigator A (synthetic)", "--collected-at", "2024-05-01T10:15:00Z", "--zone", "UTC", "--method", "crash test", "--workspace", workspace]))
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new List<string>();
        var enoughLines = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                if (lines.Count >= afterItems)
                {
                    enoughLines.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (afterItems > 0)
        {
            await Task.WhenAny(enoughLines.Task, exited);
        }

        await Task.WhenAny(Task.Delay(delay), exited);
        var killed = false;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushes, no disposal
            killed = true;
        }

        await process.WaitForExitAsync();
        lock (lines)
        {
            return (killed, [.. lines]);
        }
    }

    private static async Task<int> CheckWorkspaceAsync(string workspace, HashSet<string> acknowledged, string when)
    {
        var verify = Cli.Run("verify", "--workspace", workspace);
        verify.ExitCode.ShouldBe(0, $"{when}: {verify.All}");

        await using var store = await WorkspaceStores.OpenAsync(workspace, null, CancellationToken.None);
        var evidence = store.Evidence;
        var items = (await evidence.ListItemsAsync(0, 100_000, CancellationToken.None)).Select(i => i.Hash).ToHashSet(StringComparer.Ordinal);
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var stored in store.ReadEntriesAsync(CancellationToken.None))
        {
            var entry = LedgerEntry.FromBytes(stored.Bytes);
            if (entry.Type == EntryTypes.EvidenceAcquired)
            {
                recorded.Add(entry.Body.GetProperty("hash").GetString()!);
            }
        }

        var vault = new BlobStore(workspace);
        foreach (var hash in items)
        {
            recorded.ShouldContain(hash, $"{when}: item {hash} is counted as evidence without an acquisition entry");
            vault.Verify(hash).IsIntact.ShouldBeTrue($"{when}: item {hash} has no intact file");
        }

        recorded.SetEquals(items).ShouldBeTrue($"{when}: the evidence projection and the ledger's acquisitions differ");
        foreach (var hash in acknowledged)
        {
            items.ShouldContain(hash, $"{when}: acknowledged item {hash} is missing");
        }

        return items.Count;
    }
}
