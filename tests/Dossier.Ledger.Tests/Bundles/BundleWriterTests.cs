using System.Text;
using Dossier.Ledger.Bundles;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Tests.Bundles;

public sealed class BundleWriterTests : IDisposable
{
    private readonly BundleFixture _fixture = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("dossier-bundle-").FullName;

    public void Dispose()
    {
        _fixture.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private BundleWriter NewWriter() => new(_fixture.NewCheckpoint, _fixture.VerifierKey);

    [Fact]
    public void The_writer_should_refuse_a_checkpoint_the_key_did_not_sign()
    {
        using var other = NoteSigner.Create("x.example/other");
        Should.Throw<ArgumentException>(() => new BundleWriter(_fixture.NewCheckpoint, other.Verifier.ToString()))
            .Message.ShouldContain("does not verify");
    }

    [Fact]
    public void The_writer_should_refuse_an_entry_its_proof_does_not_prove()
    {
        var proof = MerkleProofs.Inclusion(_fixture.Source, 4, _fixture.Entries.Length);
        Should.Throw<ArgumentException>(() => NewWriter().AddEntry(3, _fixture.Entries[3], proof))
            .Message.ShouldContain("Entry 3 is not proven");
    }

    [Fact]
    public void The_writer_should_refuse_an_inconsistent_old_checkpoint()
    {
        var forged = _fixture.Signer.Sign(new Checkpoint(_fixture.Signer.Name, 8, MerkleHash.Leaf("forged"u8)));
        Should.Throw<ArgumentException>(() => NewWriter().SetConsistency(forged, MerkleProofs.Consistency(_fixture.Source, 8, 20)))
            .Message.ShouldContain("consistency proof from size 8 does not hold");
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_hash_should_abort_and_leave_no_bundle()
    {
        var writer = NewWriter();
        foreach (var index in new long[] { 3, 11, 12 })
        {
            writer.AddEntry(index, _fixture.Entries[index], MerkleProofs.Inclusion(_fixture.Source, index, 20));
        }

        writer.AddItem(_fixture.Items[0], () => new MemoryStream(Encoding.UTF8.GetBytes("different content")));
        var path = Path.Combine(_dir, "bundle.zip");
        var error = await Should.ThrowAsync<InvalidDataException>(() => writer.WriteToFileAsync(path, TimeProvider.System));
        error.Message.ShouldContain("photo-synthetic.jpg");
        Directory.EnumerateFileSystemEntries(_dir).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_item_whose_entries_are_not_in_the_bundle_should_be_refused()
    {
        var writer = NewWriter().AddItem(_fixture.Items[0], () => new MemoryStream(_fixture.Files[0]));
        (await Should.ThrowAsync<InvalidOperationException>(() => writer.WriteAsync(new MemoryStream(), TimeProvider.System)))
            .Message.ShouldContain("ledger entry 3");
    }

    [Fact]
    public async Task A_bundle_written_to_a_file_should_verify_from_that_file()
    {
        var path = Path.Combine(_dir, "bundle.zip");
        var writer = NewWriter();
        foreach (var index in new long[] { 3, 11, 12 })
        {
            writer.AddEntry(index, _fixture.Entries[index], MerkleProofs.Inclusion(_fixture.Source, index, 20));
        }

        writer.AddItem(_fixture.Items[0], () => new MemoryStream(_fixture.Files[0]));
        await writer.WriteToFileAsync(path, TimeProvider.System);
        await using var file = File.OpenRead(path);
        var report = BundleVerifier.Verify(file, _fixture.VerifierKey);
        report.IsVerified.ShouldBeTrue(report.ToString());
        Directory.EnumerateFileSystemEntries(_dir).ShouldBe([path]);
    }

    [Fact]
    public void A_collection_time_that_is_not_utc_should_be_refused()
    {
        var item = _fixture.Items[0] with { Acquisition = _fixture.Items[0].Acquisition with { CollectedAtUtc = "2024-05-01T12:15:00+02:00" } };
        Should.Throw<ArgumentException>(() => NewWriter().AddItem(item, () => new MemoryStream()))
            .Message.ShouldContain("collectedAtUtc");
    }
}
