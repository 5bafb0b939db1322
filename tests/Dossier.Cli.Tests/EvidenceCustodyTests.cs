using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>Custody events and derivatives through the command line, and their way into a court bundle.</summary>
[Collection(CliCollection.Name)]
public class EvidenceCustodyTests
{
    private static readonly string[] Acquisition =
        ["--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00", "--zone", "Europe/Tirane", "--location", "Durrës", "--method", "handed over on USB"];

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void A_redacted_copy_and_a_disclosure_travel_into_a_bundle_that_verifies()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var photo = Path.Combine(workspace, "photo.jpg");
        File.WriteAllBytes(photo, SyntheticJpeg.WithGps());
        var redacted = Path.Combine(workspace, "photo-redacted.jpg");
        File.WriteAllBytes(redacted, SyntheticJpeg.WithGps(make: "REDACTED", variant: 3));
        Cli.Run(["evidence", "add", photo, .. Acquisition, "--workspace", workspace]).ExitCode.ShouldBe(0);
        var (original, copy) = (Hash(photo), Hash(redacted));

        var derived = Cli.Run(["evidence", "add", redacted, .. Acquisition, "--derived-from", original, "--derivation", "redaction", "--workspace", workspace]);
        var redact = Cli.Run("evidence", "custody", original, "--action", "redact", "--result", copy, "--tool", "redactor 1.0 (synthetic)", "--reason", "faces of bystanders", "--workspace", workspace);
        var noAuthority = Cli.Run("evidence", "custody", copy, "--action", "disclose", "--to", "Defence counsel (synthetic)", "--reason", "disclosure", "--workspace", workspace);
        var unknown = Cli.Run("evidence", "custody", new string('c', 64), "--action", "transfer", "--to", "B", "--reason", "r", "--workspace", workspace);
        var disclose = Cli.Run("evidence", "custody", copy, "--action", "disclose", "--to", "Defence counsel (synthetic)", "--authority", "court order B 15255-19 (synthetic)",
            "--reason", "disclosure to the defence", "--workspace", workspace);

        derived.ExitCode.ShouldBe(0, derived.All);
        redact.ExitCode.ShouldBe(0, redact.All);
        noAuthority.ExitCode.ShouldBe(1);
        noAuthority.Error.ShouldContain("authority");
        noAuthority.Error.ShouldContain("Nothing was recorded.");
        unknown.ExitCode.ShouldBe(1);
        unknown.Error.ShouldContain($"no evidence item {new string('c', 64)}");
        disclose.ExitCode.ShouldBe(0, disclose.All);

        var show = JsonDocument.Parse(Cli.Run("evidence", "show", copy, "--workspace", workspace).Output).RootElement;
        show.GetProperty("item").GetProperty("derivedFrom").GetString().ShouldBe(original);
        show.GetProperty("custody").EnumerateArray().Select(c => c.GetProperty("action").GetString()).ShouldBe(["acquire", "disclose"]);
        var originalShow = JsonDocument.Parse(Cli.Run("evidence", "show", original, "--workspace", workspace).Output).RootElement;
        originalShow.GetProperty("derivatives").EnumerateArray().Single().GetProperty("hash").GetString().ShouldBe(copy);
        originalShow.GetProperty("item").GetProperty("metadata").GetProperty("gps").GetProperty("longitude").GetDouble().ShouldBe(50.94, 1e-6);

        var bundle = Path.Combine(Cli.NewWorkspace(), "bundle.zip");
        Cli.Run("export", "bundle", "--items", copy, original, "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);
        var key = Cli.Run("key", "show", "--workspace", workspace).Output.Trim();
        var verify = Cli.Run("verify", bundle, "--key", key);

        verify.ExitCode.ShouldBe(0, verify.All);
        verify.Output.ShouldContain("VERIFIED");
        using var zip = ZipFile.OpenRead(bundle);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var items = manifest.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("hash").GetString()!);
        items[copy].GetProperty("derivedFrom").GetString().ShouldBe(original);
        items[copy].GetProperty("custody").EnumerateArray().Select(c => c.GetInt64()).ShouldBe([1, 3]);
        items[original].GetProperty("custody").EnumerateArray().Select(c => c.GetInt64()).ShouldBe([0, 2]);
    }

    [Fact]
    public void Evidence_redact_blacks_out_a_box_into_a_derived_copy_without_gps_and_records_the_redact_event()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var photo = Path.Combine(workspace, "photo.jpg");
        File.WriteAllBytes(photo, SyntheticJpeg.WithGps(variant: 5));
        Cli.Run(["evidence", "add", photo, .. Acquisition, "--workspace", workspace]).ExitCode.ShouldBe(0);
        var original = Hash(photo);

        var redact = Cli.Run("evidence", "redact", original, "--region", "1:2,2,4,4", "--region", "0,0,1,1", "--reason", "a bystander's face (synthetic)", "--workspace", workspace);
        var outside = Cli.Run("evidence", "redact", original, "--region", "1:6,6,4,4", "--reason", "r", "--workspace", workspace);
        var malformed = Cli.Run("evidence", "redact", original, "--region", "1:6,6", "--reason", "r", "--workspace", workspace);

        redact.ExitCode.ShouldBe(0, redact.All);
        outside.ExitCode.ShouldBe(1);
        outside.Error.ShouldContain("regions[0].width");
        outside.Error.ShouldContain("Nothing was recorded.");
        malformed.ExitCode.ShouldBe(2);
        var originalShow = JsonDocument.Parse(Cli.Run("evidence", "show", original, "--workspace", workspace).Output).RootElement;
        var copy = originalShow.GetProperty("derivatives").EnumerateArray().Single().GetProperty("hash").GetString()!;
        var last = originalShow.GetProperty("custody").EnumerateArray().Last();
        last.GetProperty("action").GetString().ShouldBe("redact");
        last.GetProperty("reason").GetString().ShouldBe("a bystander's face (synthetic)");
        last.GetProperty("body").GetProperty("result").GetString().ShouldBe(copy);
        last.GetProperty("body").GetProperty("tool").GetString()!.ShouldContain("(2 regions)");
        // The boxes are in the note, so the redaction can be repeated on the original and compared.
        last.GetProperty("body").GetProperty("note").GetString()!.ShouldEndWith("boxes 1:2,2,4,4 1:0,0,1,1");
        var copyShow = JsonDocument.Parse(Cli.Run("evidence", "show", copy, "--workspace", workspace).Output).RootElement;
        copyShow.GetProperty("item").GetProperty("derivation").GetString().ShouldBe("redaction");
        copyShow.GetProperty("item").GetProperty("mediaType").GetString().ShouldBe("image/jpeg");
        copyShow.GetProperty("item").ToString().ShouldNotContain("gps");
        Hash(photo).ShouldBe(original);
    }

    [Fact]
    public void A_folder_or_a_missing_file_stops_evidence_add_before_anything_is_stored()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var good = Path.Combine(workspace, "good.txt");
        File.WriteAllText(good, "fine (synthetic)");
        var folder = Directory.CreateDirectory(Path.Combine(workspace, "a-folder")).FullName;

        var withFolder = Cli.Run(["evidence", "add", good, folder, .. Acquisition, "--workspace", workspace]);
        var withMissing = Cli.Run(["evidence", "add", good, Path.Combine(workspace, "gone.txt"), .. Acquisition, "--workspace", workspace]);

        withFolder.ExitCode.ShouldBe(1);
        withFolder.Error.ShouldContain($"{folder}: a folder, not a file; nothing was added");
        withMissing.ExitCode.ShouldBe(1);
        withMissing.Error.ShouldContain("gone.txt: no such file; nothing was added");
        Directory.Exists(Path.Combine(workspace, "blobs")).ShouldBeFalse();
        Cli.Run("evidence", "list", "--workspace", workspace).Output.ShouldBeEmpty();
    }

    [Fact]
    public void A_truncated_bundle_or_a_file_that_is_not_a_zip_is_not_verified()
    {
        var folder = Cli.NewWorkspace();
        var notZip = Path.Combine(folder, "not-a-bundle.zip");
        File.WriteAllText(notZip, "this is plain text, not a zip archive");
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, "statement.txt");
        File.WriteAllText(file, "statement (synthetic)");
        Cli.Run(["evidence", "add", file, .. Acquisition, "--workspace", workspace]).ExitCode.ShouldBe(0);
        var bundle = Path.Combine(folder, "bundle.zip");
        Cli.Run("export", "bundle", "--items", Hash(file), "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);
        var truncated = Path.Combine(folder, "truncated.zip");
        var bytes = File.ReadAllBytes(bundle);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        foreach (var path in new[] { notZip, truncated })
        {
            var result = Cli.Run("verify", path);
            result.ExitCode.ShouldBe(1, path);
            result.Output.ShouldContain("NOT VERIFIED");
            result.Output.ShouldNotContain("\nVERIFIED");
        }
    }
}
