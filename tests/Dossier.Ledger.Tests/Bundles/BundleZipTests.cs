using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Dossier.Ledger.Bundles;

namespace Dossier.Ledger.Tests.Bundles;

/// <summary>
/// The verifier hashes exactly what an extractor such as unzip writes: the declared size with the declared
/// CRC-32, from a member whose local header agrees with the central directory. Each test makes an archive
/// on which two zip readers could disagree and checks the bundle is refused.
/// </summary>
public sealed class BundleZipTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string FilePath => BundlePaths.File(_fixture.Items[0].Hash);

    private BundleReport Verify(byte[] bundle) => BundleVerifier.Verify(new MemoryStream(bundle), _fixture.VerifierKey);

    /// <summary>Offsets of the local header and the central directory header of <paramref name="name"/>.</summary>
    private static (int Local, int Central) Headers(byte[] zip, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        int local = -1, central = -1;
        for (var i = 0; i + 46 + nameBytes.Length <= zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)) == nameBytes.Length)
            {
                local = i;
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)) == nameBytes.Length)
            {
                central = i;
            }
        }

        local.ShouldBeGreaterThanOrEqualTo(0);
        central.ShouldBeGreaterThanOrEqualTo(0);
        return (local, central);
    }

    // Field offsets: CRC-32, compressed size, size — local header 14/18/22, central directory 16/20/24.
    private static void SetBoth(byte[] zip, string name, int localField, uint value)
    {
        var (local, central) = Headers(zip, name);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(local + localField), value);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + localField + 2), value);
    }

    private static byte[] Extract(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.GetEntry(name)!.Open();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void A_deflated_member_that_inflates_past_its_declared_size_should_fail()
    {
        // The file's own bytes followed by 1,000 more, deflated; both headers then claim the original size and
        // CRC-32. A reader that stops at the declared size sees the evidence; unzip extracts all of it.
        var content = _fixture.Files[0];
        var longer = content.Concat(Encoding.ASCII.GetBytes(new string('Z', 1000))).ToArray();
        var bundle = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) => name == FilePath ? longer : bytes);
        SetBoth(bundle, FilePath, 22, (uint)content.Length);
        SetBoth(bundle, FilePath, 14, Crc32.HashToUInt32(content));

        var report = Verify(bundle);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"{FilePath} cannot be read from the zip: its compressed data holds more than the declared {content.Length} bytes", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_member_whose_bytes_do_not_have_the_declared_crc_should_fail()
    {
        var bundle = _fixture.Bundle.ToArray();
        var (local, _) = Headers(bundle, FilePath);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bundle.AsSpan(local + 14));
        SetBoth(bundle, FilePath, 14, declared ^ 0x00010000);

        var report = Verify(bundle);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"{FilePath} cannot be read from the zip: CRC-32 {declared:x8}, not the declared {declared ^ 0x00010000:x8}", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_local_header_that_disagrees_with_the_central_directory_should_fail()
    {
        // Stored member: a reader that trusts the local header's size reads more (or fewer) bytes than one that trusts the directory.
        var bundle = _fixture.Bundle.ToArray();
        var (local, _) = Headers(bundle, FilePath);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(bundle.AsSpan(local + 22));
        BinaryPrimitives.WriteUInt32LittleEndian(bundle.AsSpan(local + 18), size + 22);
        BinaryPrimitives.WriteUInt32LittleEndian(bundle.AsSpan(local + 22), size + 22);

        var report = Verify(bundle);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"{FilePath}: its local header and the central directory disagree on the compressed size, size", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void An_entry_that_inflates_to_other_bytes_than_declared_should_fail_too()
    {
        var entry = BundlePaths.Entry(3);
        var bundle = _fixture.Bundle.ToArray();
        SetBoth(bundle, entry, 22, (uint)_fixture.Entries[3].Length - 1);

        var report = Verify(bundle);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"{entry}: cannot be read from the zip: its compressed data holds more than the declared", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_central_directory_with_more_entries_than_the_end_record_declares_should_fail()
    {
        // A reader that walks the directory to its end sees one more member than one that trusts the count.
        var bundle = _fixture.Bundle.ToArray();
        var end = bundle.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bundle.AsSpan(end + 10));
        BinaryPrimitives.WriteUInt16LittleEndian(bundle.AsSpan(end + 8), (ushort)(count - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(bundle.AsSpan(end + 10), (ushort)(count - 1));

        var report = Verify(bundle);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("the bundle is not a readable zip archive", StringComparison.Ordinal) && f.Contains("after its", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void The_untouched_bundle_extracts_to_the_bytes_the_verifier_hashed()
    {
        // The oracle is the BCL's own zip reader: what it extracts is what the manifest's hashes name.
        Verify(_fixture.Bundle).IsVerified.ShouldBeTrue();
        for (var i = 0; i < _fixture.Items.Length; i++)
        {
            Extract(_fixture.Bundle, BundlePaths.File(_fixture.Items[i].Hash)).ShouldBe(_fixture.Files[i]);
        }
    }
}
