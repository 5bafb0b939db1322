using System.Text;
using Dossier.Application.Protection;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// Split custody of the master key (`key split`, `key recover`, ADR 0905): any k of n shares rebuild
/// the key and a sealed identity opens again; fewer, mixed or altered shares are refused and write
/// nothing; no share and no key is printed or kept in the ledger.
/// </summary>
[Collection(CliCollection.Name)]
public class KeyCustodyTests
{
    private const string Secret = "Yzmarold Kotlebrink";
    private static readonly string[] Custodians = ["Anna Lindqvist", "Behrouz Karimi", "Clara Nyström", "Dariush Ahmadi", "Eva Berg"];

    private sealed record Setup(string Workspace, string Investigator, string Shares, string[] Files, byte[] KeyFile, string Split);

    private static Setup SealAndSplit()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var investigator = Cli.AccountToken(workspace, "ines", "investigator");
        var seal = Cli.Run("identity", "seal", "--name", Secret, "--synthetic", "--reason", "intake", "--token", investigator, "--workspace", workspace);
        seal.ExitCode.ShouldBe(0, seal.All);
        var keyFile = File.ReadAllBytes(MasterKeyStore.PathIn(workspace));

        var shares = Path.Combine(workspace, "..", Path.GetFileName(workspace) + "-shares");
        var split = Split(workspace, shares);
        split.ExitCode.ShouldBe(0, split.All);
        var files = Directory.GetFiles(shares).Order(StringComparer.Ordinal).ToArray();
        return new Setup(workspace, investigator, shares, files, keyFile, split.All);
    }

    private static CliResult Split(string workspace, string output) => Cli.Run(
        ["key", "split", "--threshold", "3", .. Custodians.SelectMany(c => new[] { "--custodian", c }), "--out", output, "--workspace", workspace]);

    private static CliResult Recover(string workspace, params string[] files) => Cli.Run(["key", "recover", .. files, "--workspace", workspace]);

    private static CliResult Unseal(Setup setup) =>
        Cli.Run("identity", "unseal", "w-001", "--reason", "hearing", "--token", setup.Investigator, "--workspace", setup.Workspace);

    private static string ShareOf(string file) =>
        File.ReadAllLines(file).Single(l => l.StartsWith("share: ", StringComparison.Ordinal))["share: ".Length..];

    /// <summary>Every form the key and the shares could take in text: none may appear outside the share files.</summary>
    private static List<string> Needles(Setup setup)
    {
        var base64 = Encoding.ASCII.GetString(setup.KeyFile).Split('\n')[1];
        var key = Convert.FromBase64String(base64);
        var needles = new List<string> { base64, Convert.ToHexStringLower(key), Convert.ToHexString(key) };
        needles.AddRange(setup.Files.Select(ShareOf).Select(s => s.Split('-')[2]));
        return needles;
    }

    private static void AssertNoSecretIn(string where, string text, Setup setup)
    {
        foreach (var needle in Needles(setup))
        {
            text.ShouldNotContain(needle, Case.Insensitive, $"a key or share appears in {where}");
        }
    }

    [SsssFact]
    public void Any_three_of_five_shares_rebuild_the_key_and_the_sealed_identity_opens_again()
    {
        var setup = SealAndSplit();
        setup.Files.Length.ShouldBe(5);
        var keyPath = MasterKeyStore.PathIn(setup.Workspace);

        foreach (var triple in new[] { new[] { 0, 1, 2 }, [1, 3, 4] })
        {
            File.Delete(keyPath);
            Unseal(setup).ExitCode.ShouldBe(1);

            var recovered = Recover(setup.Workspace, [.. triple.Select(i => setup.Files[i])]);

            recovered.ExitCode.ShouldBe(0, recovered.All);
            recovered.Output.ShouldContain("Recovered the master key mk-");
            File.ReadAllBytes(keyPath).ShouldBe(setup.KeyFile);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(keyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var unsealed = Unseal(setup);
            unsealed.ExitCode.ShouldBe(0, unsealed.All);
            unsealed.Output.ShouldContain(Secret);
            AssertNoSecretIn("recover's output", recovered.All, setup);
        }
    }

    [SsssFact]
    public void Split_writes_one_owner_only_printable_file_per_custodian_and_prints_no_share()
    {
        var setup = SealAndSplit();

        for (var i = 0; i < setup.Files.Length; i++)
        {
            var text = File.ReadAllText(setup.Files[i]);
            text.ShouldContain($"Held by:   {Custodians[i]}");
            text.ShouldContain($"DOSSIER MASTER KEY SHARE {i + 1} OF 5");
            text.ShouldContain("threshold: 3");
            text.ShouldContain($"workspace: {setup.Workspace}");
            text.ShouldContain("master-key-id: mk-");
            // Only its own share: no other custodian's, and not the key.
            foreach (var other in setup.Files.Where((_, j) => j != i))
            {
                text.ShouldNotContain(ShareOf(other).Split('-')[2]);
            }

            var base64 = Encoding.ASCII.GetString(setup.KeyFile).Split('\n')[1];
            text.ShouldNotContain(base64);
            text.ShouldNotContain(Convert.ToHexStringLower(Convert.FromBase64String(base64)));
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(setup.Files[i]).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(setup.Shares).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        AssertNoSecretIn("split's output", setup.Split, setup);
        setup.Split.ShouldContain("any 3 of which rebuild it");

        // Again into the same folder: refused, nothing overwritten.
        var again = Split(setup.Workspace, setup.Shares);
        again.ExitCode.ShouldBe(1);
        again.Error.ShouldContain("already exists");
    }

    [SsssFact]
    public void The_ledger_records_who_split_k_of_n_and_the_custodians_but_no_share_or_key()
    {
        var setup = SealAndSplit();
        File.Delete(MasterKeyStore.PathIn(setup.Workspace));
        Recover(setup.Workspace, setup.Files[0], setup.Files[2], setup.Files[4]).ExitCode.ShouldBe(0);

        var audit = Cli.Run("audit", "--type", "identity", "--token", Cli.AdminToken(setup.Workspace), "--workspace", setup.Workspace);
        audit.ExitCode.ShouldBe(0, audit.All);
        audit.Output.ShouldContain(EntryTypeSplit);
        audit.Output.ShouldContain(EntryTypeRecovered);
        audit.Output.ShouldContain("local:");
        AssertNoSecretIn("the audit trail", audit.All, setup);

        var export = Path.Combine(setup.Workspace, "..", Path.GetFileName(setup.Workspace) + "-export.yaml");
        var exported = Cli.Run("export", "--out", export, "--workspace", setup.Workspace);
        exported.ExitCode.ShouldBe(0, exported.All);
        Cli.Run("verify", "--workspace", setup.Workspace).ExitCode.ShouldBe(0);

        // The audit trail is a projection: replayed from the ledger, it lists the same entries.
        Cli.Run("rebuild", "--workspace", setup.Workspace).ExitCode.ShouldBe(0);
        var replayed = Cli.Run("audit", "--type", "identity", "--token", Cli.AdminToken(setup.Workspace), "--workspace", setup.Workspace);
        replayed.Output.ShouldContain(EntryTypeSplit);
        replayed.Output.ShouldContain(EntryTypeRecovered);

        // The database files themselves, ledger and projections: no share, no key, in any case.
        foreach (var file in Directory.GetFiles(setup.Workspace, "dossier.db*"))
        {
            AssertNoSecretIn(Path.GetFileName(file), Encoding.Latin1.GetString(File.ReadAllBytes(file)), setup);
        }

        var body = Encoding.UTF8.GetString(File.ReadAllBytes(Directory.GetFiles(setup.Workspace, "dossier.db*").OrderByDescending(f => new FileInfo(f).Length).First()))
            + File.ReadAllText(export);
        foreach (var custodian in new[] { "Anna Lindqvist", "Eva Berg" })
        {
            body.ShouldContain(custodian);
        }
    }

    private const string EntryTypeSplit = "identity.key-split";
    private const string EntryTypeRecovered = "identity.key-recovered";

    [SsssFact]
    public void Two_shares_are_refused_and_nothing_is_written()
    {
        var setup = SealAndSplit();
        var keyPath = MasterKeyStore.PathIn(setup.Workspace);
        File.Delete(keyPath);

        var refused = Recover(setup.Workspace, setup.Files[0], setup.Files[3]);

        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("needs 3 different shares of 5; 2 given");
        File.Exists(keyPath).ShouldBeFalse();

        // The same share twice is still two shares.
        Recover(setup.Workspace, setup.Files[0], setup.Files[3], setup.Files[3]).Error.ShouldContain("2 given");
        File.Exists(keyPath).ShouldBeFalse();
    }

    [SsssFact]
    public void A_share_of_another_split_or_an_altered_share_is_refused()
    {
        var setup = SealAndSplit();
        var keyPath = MasterKeyStore.PathIn(setup.Workspace);
        File.Delete(keyPath);
        File.WriteAllBytes(keyPath, setup.KeyFile);
        var second = Path.Combine(setup.Workspace, "..", Path.GetFileName(setup.Workspace) + "-shares-2");
        Split(setup.Workspace, second).ExitCode.ShouldBe(0);
        var secondFiles = Directory.GetFiles(second).Order(StringComparer.Ordinal).ToArray();
        File.Delete(keyPath);

        // Another split of the same key, as written: its split id differs.
        var mixed = Recover(setup.Workspace, setup.Files[0], setup.Files[1], secondFiles[2]);
        mixed.ExitCode.ShouldBe(1);
        mixed.Error.ShouldContain("not of one split");

        // The same share with its header made to match: ssss rebuilds some other key, and the fingerprint says so.
        var disguised = Path.Combine(second, "disguised.txt");
        File.WriteAllText(disguised, File.ReadAllText(setup.Files[2]).Replace(ShareOf(setup.Files[2]), ShareOf(secondFiles[2]), StringComparison.Ordinal));
        var foreign = Recover(setup.Workspace, setup.Files[0], setup.Files[1], disguised);
        foreign.ExitCode.ShouldBe(1);
        foreign.Error.ShouldContain("whose fingerprint is not mk-");

        // One hex digit of a share changed.
        var share = ShareOf(setup.Files[4]);
        var last = share[^1] == '0' ? '1' : '0';
        var tampered = Path.Combine(second, "tampered.txt");
        File.WriteAllText(tampered, File.ReadAllText(setup.Files[4]).Replace(share, share[..^1] + last, StringComparison.Ordinal));
        var altered = Recover(setup.Workspace, setup.Files[0], tampered, setup.Files[3]);
        altered.ExitCode.ShouldBe(1);
        altered.Error.ShouldContain("whose fingerprint is not mk-");

        File.Exists(keyPath).ShouldBeFalse();
        AssertNoSecretIn("the refusals", mixed.All + foreign.All + altered.All, setup);
    }

    [SsssFact]
    public void Recover_refuses_to_overwrite_another_key_unless_told_to_replace_it()
    {
        var setup = SealAndSplit();
        var keyPath = MasterKeyStore.PathIn(setup.Workspace);

        var same = Recover(setup.Workspace, setup.Files[0], setup.Files[1], setup.Files[2]);
        same.ExitCode.ShouldBe(0, same.All);
        same.Output.ShouldContain("already holds the master key");

        using (var other = MasterKey.Generate())
        {
            File.WriteAllText(keyPath, $"dossier-master-key v1\n{other.ToBase64()}\n");
        }

        var refused = Recover(setup.Workspace, setup.Files[0], setup.Files[1], setup.Files[2]);
        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("--replace");
        File.ReadAllBytes(keyPath).ShouldNotBe(setup.KeyFile);

        var replaced = Cli.Run("key", "recover", setup.Files[0], setup.Files[1], setup.Files[2], "--replace", "--workspace", setup.Workspace);
        replaced.ExitCode.ShouldBe(0, replaced.All);
        File.ReadAllBytes(keyPath).ShouldBe(setup.KeyFile);
    }

    [SsssFact]
    public void Shares_made_before_a_rotation_are_refused_as_obsolete()
    {
        var setup = SealAndSplit();
        Cli.Run("key", "rotate", "--workspace", setup.Workspace).ExitCode.ShouldBe(0);
        File.Delete(MasterKeyStore.PathIn(setup.Workspace));

        var refused = Recover(setup.Workspace, setup.Files[0], setup.Files[1], setup.Files[2]);

        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("rotated after this split");
        File.Exists(MasterKeyStore.PathIn(setup.Workspace)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_ssss_is_a_clear_error_naming_the_Debian_package()
    {
        var empty = Cli.NewWorkspace();
        var tool = new SecretSharingTool(empty);

        var error = await Should.ThrowAsync<SecretSharingException>(() => tool.SplitAsync(new byte[32], 2, 3, CancellationToken.None));

        error.Message.ShouldContain("ssss-split was not found");
        error.Message.ShouldContain("apt-get install ssss");
    }

    [Fact]
    public async Task The_key_reaches_ssss_split_on_standard_input_only_and_no_environment_goes_with_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A stand-in ssss-split that records what it was given, and fails.
        var folder = Cli.NewWorkspace();
        var script = Path.Combine(folder, "ssss-split");
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{folder}/args'\ncat > '{folder}/stdin'\nenv > '{folder}/env'\necho 'FATAL: stand-in' >&2\nexit 1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
        var hex = Convert.ToHexStringLower(key);

        var error = await Should.ThrowAsync<SecretSharingException>(() => new SecretSharingTool(folder).SplitAsync(key, 3, 5, CancellationToken.None));

        error.Message.ShouldContain("FATAL: stand-in");
        error.Message.ShouldNotContain(hex);
        File.ReadAllText(Path.Combine(folder, "stdin")).ShouldBe(hex + "\n");
        File.ReadAllText(Path.Combine(folder, "args")).ShouldBe("-t\n3\n-n\n5\n-x\n-s\n256\n-q\n-w\ndossier\n");
        var names = File.ReadAllLines(Path.Combine(folder, "env")).Select(l => l.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        names.ShouldBeSubsetOf(["PATH", "LC_ALL", "PWD", "SHLVL", "_", "OLDPWD"]);
    }

    [Fact]
    public void Split_without_a_master_key_or_with_a_threshold_of_one_is_refused()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        var noKey = Cli.Run("key", "split", "--threshold", "2", "--custodian", "A", "--custodian", "B", "--out", Path.Combine(workspace, "s"), "--workspace", workspace);
        noKey.ExitCode.ShouldBe(1);
        noKey.Error.ShouldContain("no master key to split");

        var one = Cli.Run("key", "split", "--threshold", "1", "--custodian", "A", "--custodian", "B", "--out", Path.Combine(workspace, "s"), "--workspace", workspace);
        one.ExitCode.ShouldBe(1);
        one.Error.ShouldContain("one share alone must never be the key");
        Directory.Exists(Path.Combine(workspace, "s")).ShouldBeFalse();

        // The key file's holder's commands: an account's token is refused, and the refusal recorded.
        var token = Cli.AccountToken(workspace, "ines", "investigator");
        var asAccount = Cli.Run("key", "split", "--threshold", "2", "--custodian", "A", "--custodian", "B", "--out", Path.Combine(workspace, "s"), "--token", token, "--workspace", workspace);
        asAccount.ExitCode.ShouldBe(1);
        asAccount.Error.ShouldContain("refused for the role investigator");
        var recover = Cli.Run("key", "recover", Path.Combine(workspace, "dossier.db"), "--token", token, "--workspace", workspace);
        recover.ExitCode.ShouldBe(1);
        recover.Error.ShouldContain("refused for the role investigator");
    }
}
