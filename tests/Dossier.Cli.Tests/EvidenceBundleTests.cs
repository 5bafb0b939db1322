using System.IO.Compression;
using System.Security.Cryptography;

namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class EvidenceBundleTests
{
    private static (string Workspace, string Hash, string OldCheckpoint) WorkspaceWithEvidence()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var first = Path.Combine(workspace, "statement.txt");
        File.WriteAllText(first, "witness statement (test)");
        Cli.Run("evidence", "add", first, "--collector", "Investigator A", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--zone", "Europe/Tirane", "--location", "Durrës", "--method", "handed over on USB", "--workspace", workspace).ExitCode.ShouldBe(0);
        var old = Path.Combine(workspace, "old.note");
        Cli.Run("checkpoint", "--out", old, "--workspace", workspace).ExitCode.ShouldBe(0);
        var photo = Path.Combine(workspace, "photo.jpg");
        File.WriteAllBytes(photo, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5]);
        var added = Cli.Run("evidence", "add", photo, "--collector", "Investigator A", "--collected-at", "2021-11-12T15:00:00+01:00",
            "--zone", "Europe/Tirane", "--location", "Durrës", "--method", "photographed the site", "--workspace", workspace);
        added.ExitCode.ShouldBe(0);
        return (workspace, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(photo))), old);
    }

    [Fact]
    public void Evidence_exported_as_a_bundle_verifies_offline_with_its_consistency_proof()
    {
        var (workspace, hash, old) = WorkspaceWithEvidence();
        var bundle = Path.Combine(Cli.NewWorkspace(), "bundle.zip");

        Cli.Run("export", "bundle", "--items", hash, "--since", old, "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);
        var key = Cli.Run("key", "show", "--workspace", workspace).Output.Trim();
        var verify = Cli.Run("verify", bundle, "--key", key);

        verify.ExitCode.ShouldBe(0);
        verify.Output.ShouldContain("VERIFIED");
        verify.Output.ShouldContain("extends the one signed at 1 entries");
    }

    [Fact]
    public void A_changed_byte_in_a_bundled_file_fails_offline_verification()
    {
        var (workspace, hash, _) = WorkspaceWithEvidence();
        var bundle = Path.Combine(Cli.NewWorkspace(), "bundle.zip");
        Cli.Run("export", "bundle", "--items", hash, "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry($"files/{hash}")!;
            byte[] content;
            using (var read = entry.Open())
            using (var copy = new MemoryStream())
            {
                read.CopyTo(copy);
                content = copy.ToArray();
            }

            content[3] ^= 0x01;
            entry.Delete();
            using var write = zip.CreateEntry($"files/{hash}").Open();
            write.Write(content);
        }

        var verify = Cli.Run("verify", bundle);

        verify.ExitCode.ShouldBe(1);
        verify.Output.ShouldContain("NOT VERIFIED");
    }

    [Fact]
    public void Adding_the_same_file_twice_stores_it_once_and_records_one_acquisition()
    {
        var (workspace, _, _) = WorkspaceWithEvidence();
        var again = Path.Combine(workspace, "copy-of-photo.jpg");
        File.Copy(Path.Combine(workspace, "photo.jpg"), again);

        var added = Cli.Run("evidence", "add", again, "--collector", "B", "--collected-at", "2022-01-01T00:00:00Z", "--method", "copy", "--workspace", workspace);

        added.ExitCode.ShouldBe(0);
        added.Output.ShouldContain("already in the vault");
        Directory.EnumerateFiles(Path.Combine(workspace, "blobs"), "*", SearchOption.AllDirectories).Count().ShouldBe(2);
    }
}
