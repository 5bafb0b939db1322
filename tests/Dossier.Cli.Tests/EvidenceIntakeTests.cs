using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Dossier.Cli.Tests;

/// <summary>`evidence add` and `export bundle` from issue 13: collection times in the collector's zone, hostile files, the audit of exports.</summary>
[Collection(CliCollection.Name)]
public class EvidenceIntakeTests
{
    private static (string Workspace, string File) WorkspaceWithFile(byte[]? content = null, string name = "statement.txt")
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace, name);
        File.WriteAllBytes(file, content ?? "witness statement (synthetic)"u8.ToArray());
        return (workspace, file);
    }

    private static JsonElement Acquisition(string workspace, string file)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var show = Cli.Run("evidence", "show", hash, "--workspace", workspace);
        show.ExitCode.ShouldBe(0, show.All);
        return JsonDocument.Parse(show.Output).RootElement.GetProperty("item").GetProperty("acquisition").Clone();
    }

    private static string[] VaultFiles(string workspace)
    {
        var blobs = Path.Combine(workspace, "blobs");
        return Directory.Exists(blobs)
            ? [.. Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.tmp/", StringComparison.Ordinal))]
            : [];
    }

    [Theory]
    [InlineData("2023-05-04 10:00", "2023-05-04T08:00:00Z")] // summer time, UTC+02:00
    [InlineData("2023-01-10 10:00", "2023-01-10T09:00:00Z")] // winter time, UTC+01:00
    [InlineData("2023-05-04T10:00:00+02:00", "2023-05-04T08:00:00Z")] // an offset is taken as written
    [InlineData("2023-05-04T10:00:00Z", "2023-05-04T10:00:00Z")]
    public void A_local_time_is_read_in_the_given_zone_with_its_daylight_saving_rules(string collectedAt, string utc)
    {
        var (workspace, file) = WorkspaceWithFile();

        var added = Cli.Run("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", collectedAt,
            "--zone", "Europe/Berlin", "--method", "handed over on USB", "--workspace", workspace);

        added.ExitCode.ShouldBe(0, added.All);
        added.Output.ShouldContain($"collected at {utc}");
        var acquisition = Acquisition(workspace, file);
        acquisition.GetProperty("collectedAtUtc").GetString().ShouldBe(utc);
        acquisition.GetProperty("collectedAtZone").GetString().ShouldBe("Europe/Berlin");
    }

    [Fact]
    public void Without_a_zone_the_machines_zone_is_assumed_and_printed()
    {
        var (workspace, file) = WorkspaceWithFile();
        var local = TimeZoneInfo.Local;
        var expected = new DateTimeOffset(2023, 5, 4, 10, 0, 0, local.GetUtcOffset(new DateTime(2023, 5, 4, 10, 0, 0, DateTimeKind.Unspecified))).ToUniversalTime();

        var added = Cli.Run("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", "2023-05-04 10:00",
            "--method", "handed over on USB", "--workspace", workspace);

        added.ExitCode.ShouldBe(0, added.All);
        added.Error.ShouldContain($"note: no --zone given: assumed this machine's time zone, {local.Id}");
        var acquisition = Acquisition(workspace, file);
        acquisition.GetProperty("collectedAtZone").GetString().ShouldBe(local.Id);
        acquisition.GetProperty("collectedAtUtc").GetString().ShouldBe(expected.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023-03-26 02:30", "did not exist in Europe/Berlin")]
    [InlineData("2023-10-29 02:30", "happened twice in Europe/Berlin (the clocks were put back): give it with its offset, +02:00 or +01:00")]
    [InlineData("next tuesday", "is not a date and time")]
    public void A_time_the_zone_skipped_or_repeated_is_refused_and_nothing_is_added(string collectedAt, string message)
    {
        var (workspace, file) = WorkspaceWithFile();

        var added = Cli.Run("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", collectedAt,
            "--zone", "Europe/Berlin", "--method", "handed over on USB", "--workspace", workspace);

        added.ExitCode.ShouldBe(2, added.All);
        added.Error.ShouldContain($"error: --collected-at: ");
        added.Error.ShouldContain(message);
        VaultFiles(workspace).ShouldBeEmpty();
    }

    [Fact]
    public void A_png_whose_chunk_declares_2_GB_is_taken_in_without_metadata_and_the_command_says_so()
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        png.AddRange([0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, 0x7fffffff);
        png.AddRange([.. length, .. "tEXt"u8, 1, 2, 3, 4]);
        var (workspace, file) = WorkspaceWithFile([.. png], "hostile.png");

        var added = Cli.Run("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", "2023-05-04T10:00:00Z",
            "--zone", "UTC", "--method", "download", "--workspace", workspace);

        added.ExitCode.ShouldBe(0, added.All);
        added.Error.ShouldContain($"note: {file}: the file's own headers could not be read (OutOfMemoryException); no metadata was recorded");
        VaultFiles(workspace).Length.ShouldBe(1);
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_court_bundle_export_appears_in_the_audit_trail()
    {
        var (workspace, file) = WorkspaceWithFile();
        Cli.Run("evidence", "add", file, "--collector", "Investigator A (synthetic)", "--collected-at", "2023-05-04T10:00:00Z",
            "--zone", "UTC", "--method", "download", "--workspace", workspace).ExitCode.ShouldBe(0);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var bundle = Path.Combine(workspace, "for-the-court.zip");

        Cli.Run("export", "bundle", "--items", hash, "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);
        var audit = Cli.Run("audit", "--by", $"local:{Environment.UserName}@{Environment.MachineName}", "--workspace", workspace);

        audit.ExitCode.ShouldBe(0, audit.All);
        audit.Output.ShouldContain("access.exported");
        audit.Output.ShouldContain($"for-the-court.zip: {hash}");
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
    }
}
