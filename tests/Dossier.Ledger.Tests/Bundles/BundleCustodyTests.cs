using System.Text;
using System.Text.Json.Nodes;
using Dossier.Ledger.Bundles;

namespace Dossier.Ledger.Tests.Bundles;

/// <summary>Custody chains and derivative links in a bundle's manifest are bound to signed entries, not taken on trust.</summary>
public sealed class BundleCustodyTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private byte[] WithManifest(Action<JsonNode> change) => BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
    {
        if (name != BundlePaths.Manifest)
        {
            return bytes;
        }

        var manifest = JsonNode.Parse(bytes)!;
        change(manifest);
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    });

    [Fact]
    public void A_custody_entry_of_another_item_listed_in_a_chain_should_be_named()
    {
        // Entry 11 is proven (it is item 0's transfer) but does not name item 1.
        var bundle = WithManifest(m => m["items"]![1]!["custody"] = new JsonArray(12, 11));

        var report = BundleVerifier.Verify(new MemoryStream(bundle), _fixture.VerifierKey);

        report.IsVerified.ShouldBeFalse();
        report.Failures.ShouldContain(f => f.Contains("custody entry 11 does not name this file's hash", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void An_entry_that_mentions_the_hash_but_is_no_custody_event_of_it_should_be_named()
    {
        // Entry 15 is proven and holds item 0's hash in a note; old verifiers took that for a custody event.
        var bundle = WithManifest(m => m["items"]![0]!["custody"] = new JsonArray(3, 11, 15));

        var report = BundleVerifier.Verify(new MemoryStream(bundle), _fixture.VerifierKey);

        report.IsVerified.ShouldBeFalse();
        report.Failures.ShouldContain(f => f.Contains("custody entry 15 does not name this file's hash among its items", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_derivative_link_added_to_the_manifest_should_be_named()
    {
        var bundle = WithManifest(m =>
        {
            m["items"]![1]!["derivedFrom"] = _fixture.Items[0].Hash;
            m["items"]![1]!["derivation"] = "transcript";
        });

        var report = BundleVerifier.Verify(new MemoryStream(bundle), _fixture.VerifierKey);

        report.IsVerified.ShouldBeFalse();
        report.Failures.ShouldContain(f => f.Contains("manifest field derivedFrom", StringComparison.Ordinal), report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field derivation ('transcript')", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void The_untouched_fixture_with_its_transfer_in_the_chain_should_verify()
    {
        var report = BundleVerifier.Verify(new MemoryStream(_fixture.Bundle), _fixture.VerifierKey);

        report.IsVerified.ShouldBeTrue(report.ToString());
    }
}
