using System.Text;
using System.Text.Json.Nodes;
using Dossier.Ledger.Bundles;
using Dossier.Ledger.Checkpoints;
using FsCheck.Fluent;

namespace Dossier.Ledger.Tests.Bundles;

public sealed class BundleVerifierTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private BundleReport Verify(byte[] bundle, string? key = "") =>
        BundleVerifier.Verify(new MemoryStream(bundle), key == "" ? _fixture.VerifierKey : key);

    private static void ShouldFailWith(BundleReport report, params string[] fragments)
    {
        report.IsVerified.ShouldBeFalse(report.ToString());
        report.ToString().ShouldContain("NOT VERIFIED");
        foreach (var fragment in fragments)
        {
            report.Failures.ShouldContain(f => f.Contains(fragment, StringComparison.Ordinal), report.ToString());
        }
    }

    [Fact]
    public void An_untouched_bundle_should_verify_item_by_item_with_its_consistency_proof()
    {
        var report = Verify(_fixture.Bundle);
        report.IsVerified.ShouldBeTrue(report.ToString());
        report.Checkpoint!.Size.ShouldBe(20);
        report.Items.Select(i => i.OriginalName).ShouldBe(["photo-synthetic.jpg", "recording-synthetic.mp3"]);
        report.Items.ShouldAllBe(i => i.IsVerified);
        report.Notes.ShouldContain(n => n.Contains("extends the one signed at 8 entries", StringComparison.Ordinal));
        report.ToString().ShouldEndWith("VERIFIED\n");
    }

    [Fact]
    public void Without_a_trusted_key_the_report_should_say_whose_key_was_used()
    {
        var report = Verify(_fixture.Bundle, key: null);
        report.IsVerified.ShouldBeTrue(report.ToString());
        report.Notes.ShouldContain(n => n.Contains("key inside the bundle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_byte_in_an_evidence_file_should_name_the_file()
    {
        var path = BundlePaths.File(_fixture.Items[1].Hash);
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name == path)
            {
                bytes[40_000] ^= 0x20;
            }

            return bytes;
        });
        var report = Verify(tampered);
        ShouldFailWith(report, $"item recording-synthetic.mp3 ({_fixture.Items[1].Hash}): {path} hashes to");
        report.Items[0].IsVerified.ShouldBeTrue();
        report.Items[1].IsVerified.ShouldBeFalse();
    }

    [Fact]
    public void A_changed_byte_in_an_entry_should_name_the_entry()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
            name == "entries/11.json" ? BundleFixture.ReplaceText(bytes, "Prosecutor B", "Prosecutor C") : bytes);
        ShouldFailWith(Verify(tampered), "entry 11 (entries/11.json): its bytes hash to leaf", "entry 11 (entries/11.json): inclusion proof fails");
    }

    [Fact]
    public void An_altered_entry_with_a_matching_manifest_leaf_should_still_fail_its_inclusion_proof()
    {
        byte[]? altered = null;
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name == "entries/11.json")
            {
                altered = BundleFixture.ReplaceText(bytes, "Prosecutor B", "Prosecutor C");
                return altered;
            }

            return bytes;
        });
        var oldLeaf = Convert.ToBase64String(Ledger.Merkle.MerkleHash.Leaf(_fixture.Entries[11]));
        var newLeaf = Convert.ToBase64String(Ledger.Merkle.MerkleHash.Leaf(altered!));
        tampered = BundleFixture.Rewrite(tampered, (name, bytes) => name == BundlePaths.Manifest ? BundleFixture.ReplaceText(bytes, oldLeaf, newLeaf) : bytes);
        var report = Verify(tampered);
        ShouldFailWith(report, "entry 11 (entries/11.json): inclusion proof fails against the checkpoint (20 entries): the root computed");
        report.Failures.ShouldNotContain(f => f.Contains("its bytes hash to leaf", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_proof_hash_should_name_the_entry_whose_proof_fails()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name != BundlePaths.Manifest)
            {
                return bytes;
            }

            var manifest = JsonNode.Parse(bytes)!;
            var proof = manifest["entries"]![1]!["inclusionProof"]!.AsArray();
            var hash = Convert.FromBase64String(proof[2]!.GetValue<string>());
            hash[0] ^= 0x80;
            proof[2] = Convert.ToBase64String(hash);
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        ShouldFailWith(Verify(tampered), "entry 11 (entries/11.json): inclusion proof fails");
    }

    [Fact]
    public void A_changed_checkpoint_signature_should_make_the_bundle_unverified()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name != BundlePaths.Checkpoint)
            {
                return bytes;
            }

            var note = SignedNote.Parse(Encoding.UTF8.GetString(bytes));
            var signature = note.Signatures[0].Signature.ToArray();
            signature[10] ^= 0x01;
            return Encoding.UTF8.GetBytes((note with { Signatures = [note.Signatures[0] with { Signature = signature }] }).ToString());
        });
        var report = Verify(tampered);
        ShouldFailWith(report, "checkpoint.txt: signed note: the signature by dossier.example/synthetic-test-log");
        report.Checkpoint.ShouldBeNull();
    }

    [Fact]
    public void A_changed_tree_size_in_the_checkpoint_should_fail_its_signature()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
            name == BundlePaths.Checkpoint ? BundleFixture.ReplaceText(bytes, "\n20\n", "\n19\n") : bytes);
        ShouldFailWith(Verify(tampered), "checkpoint.txt: signed note: the signature", "not checked against a checkpoint");
    }

    [Fact]
    public void A_changed_collector_in_the_manifest_should_be_named()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
            name == BundlePaths.Manifest ? BundleFixture.ReplaceText(bytes, "Investigator A (synthetic)", "Investigator Z (synthetic)") : bytes);
        ShouldFailWith(Verify(tampered), "manifest field acquisition.collector ('Investigator Z (synthetic)') differs from acquisition entry 3 ('Investigator A (synthetic)')");
    }

    [Fact]
    public void A_manifest_pointing_an_item_at_another_file_hash_should_fail()
    {
        var wrong = new string('a', 64);
        var tampered = BundleFixture.Rewrite(
            _fixture.Bundle,
            (name, bytes) => name == BundlePaths.Manifest ? BundleFixture.ReplaceText(bytes, _fixture.Items[0].Hash, wrong) : bytes,
            (BundlePaths.File(wrong), _fixture.Files[0]));
        ShouldFailWith(Verify(tampered), $"{BundlePaths.File(wrong)} hashes to {_fixture.Items[0].Hash}");
    }

    [Fact]
    public void A_deleted_entry_should_be_named()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) => name == "entries/12.json" ? null : bytes);
        ShouldFailWith(Verify(tampered), "entries/12.json: missing from the bundle", "custody entry 12 is not a proven entry");
    }

    [Fact]
    public void Two_swapped_entries_should_both_be_named()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) => name switch
        {
            "entries/11.json" => _fixture.Entries[12],
            "entries/12.json" => _fixture.Entries[11],
            _ => bytes,
        });
        ShouldFailWith(Verify(tampered), "entry 11 (entries/11.json): its bytes hash", "entry 12 (entries/12.json): its bytes hash");
    }

    [Fact]
    public void A_changed_consistency_proof_should_be_named()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name != BundlePaths.Manifest)
            {
                return bytes;
            }

            var manifest = JsonNode.Parse(bytes)!;
            var proof = manifest["consistency"]!["proof"]!.AsArray();
            proof.RemoveAt(proof.Count - 1);
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        ShouldFailWith(Verify(tampered), "consistency proof from old-checkpoint.txt (8 → 20 entries)");
    }

    [Fact]
    public void A_bundle_signed_by_another_key_should_fail_against_the_trusted_key()
    {
        using var other = NoteSigner.Create("dossier.example/synthetic-test-log");
        ShouldFailWith(Verify(_fixture.Bundle, other.Verifier.ToString()), "not the trusted key", "no signature by the trusted key");
    }

    [Fact]
    public void Not_a_zip_or_a_truncated_zip_should_be_not_verified()
    {
        ShouldFailWith(Verify("this is not a zip"u8.ToArray()), "not a readable zip archive");
        var truncated = _fixture.Bundle[..(_fixture.Bundle.Length / 2)];
        Verify(truncated).IsVerified.ShouldBeFalse();
        Verify([]).IsVerified.ShouldBeFalse();
    }

    [Fact]
    public void A_path_escaping_the_bundle_folder_should_be_named()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (_, bytes) => bytes, ("../../etc/evil.txt", "x"u8.ToArray()), ("notes/extra.txt", "x"u8.ToArray()));
        ShouldFailWith(Verify(tampered), "../../etc/evil.txt: a path that escapes", "notes/extra.txt: present in the zip but not part");
    }

    [Fact]
    public void Any_single_byte_change_in_any_entry_should_fail_verification()
    {
        var gen = from entry in Gen.Elements(3, 11, 12)
                  from position in Gen.Choose(0, 10_000)
                  from flip in Gen.Choose(1, 255)
                  select (entry, position, flip);
        PropertyCheck.ForAll(gen, t =>
        {
            var (entry, position, flip) = t;
            var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
            {
                if (name == $"entries/{entry}.json")
                {
                    bytes[position % bytes.Length] ^= (byte)flip;
                }

                return bytes;
            });
            return !Verify(tampered).IsVerified;
        }, maxTest: 40);
    }

    [Fact]
    public void A_bundle_without_consistency_should_verify_too()
    {
        var report = Verify(_fixture.Write(withConsistency: false));
        report.IsVerified.ShouldBeTrue(report.ToString());
        report.Notes.ShouldNotContain(n => n.Contains("extends", StringComparison.Ordinal));
    }
}
