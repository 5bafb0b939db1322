using System.Text;
using System.Text.Json.Nodes;
using Dossier.Ledger.Bundles;

namespace Dossier.Ledger.Tests.Bundles;

/// <summary>
/// Each fact the manifest states about an item is bound to the acquisition entry's field of the same name:
/// a value that also occurs elsewhere in the entry (another field, another item) must not pass for it.
/// </summary>
public sealed class BundleBindingTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private BundleReport VerifyWithManifest(Action<JsonObject> change)
    {
        var bundle = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name != BundlePaths.Manifest)
            {
                return bytes;
            }

            var manifest = JsonNode.Parse(bytes)!;
            change(manifest["items"]![0]!.AsObject());
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        return BundleVerifier.Verify(new MemoryStream(bundle), _fixture.VerifierKey);
    }

    private static void Swap(JsonObject item, string first, string second)
    {
        var facts = item["acquisition"]!.AsObject();
        var a = facts[first]!.GetValue<string>();
        var b = facts[second]!.GetValue<string>();
        facts[first] = b;
        facts[second] = a;
    }

    [Theory]
    [InlineData("collector", "method")]
    [InlineData("collectedAtUtc", "collectedAtZone")]
    [InlineData("tool", "method")]
    public void Swapped_acquisition_values_should_fail_even_with_the_trusted_key(string first, string second)
    {
        var report = VerifyWithManifest(item => Swap(item, first, second));

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"manifest field acquisition.{first} (", StringComparison.Ordinal), report.ToString());
        report.Failures.ShouldContain(f => f.Contains($"manifest field acquisition.{second} (", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_source_address_moved_to_the_location_field_should_fail()
    {
        var report = VerifyWithManifest(item =>
        {
            var facts = item["acquisition"]!.AsObject();
            facts["location"] = facts["sourceUrl"]!.GetValue<string>();
            facts.Remove("sourceUrl");
        });

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field acquisition.location ('https://example.org/synthetic/photo-synthetic.jpg') differs from acquisition entry 3 (absent)", StringComparison.Ordinal), report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field acquisition.sourceUrl (absent) differs", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_renamed_original_file_name_should_fail()
    {
        var report = VerifyWithManifest(item => item["originalName"] = "confession-synthetic.jpg");

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field originalName ('confession-synthetic.jpg') differs from acquisition entry 3 ('photo-synthetic.jpg')", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_changed_media_type_should_fail_even_when_the_new_value_is_another_items()
    {
        // audio/mpeg is item 1's media type: it occurs in the bundle's proven entries, just not in this field.
        var report = VerifyWithManifest(item => item["mediaType"] = "audio/mpeg");

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field mediaType ('audio/mpeg') differs from acquisition entry 3 ('image/jpeg')", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void A_note_added_to_the_manifest_should_fail()
    {
        var report = VerifyWithManifest(item => item["acquisition"]!["note"] = "seized under warrant (synthetic)");

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("manifest field acquisition.note ('seized under warrant (synthetic)') differs from acquisition entry 3 (absent)", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public void An_item_pointed_at_a_proven_entry_that_is_not_an_acquisition_should_fail()
    {
        // Entry 11 is item 0's custody transfer: proven, names the hash, but records no acquisition.
        var report = VerifyWithManifest(item => item["acquisitionEntry"] = 11);

        report.IsVerified.ShouldBeFalse(report.ToString());
        report.Failures.ShouldContain(f => f.Contains("acquisition entry 11 is not an evidence.acquired entry", StringComparison.Ordinal), report.ToString());
    }

    [Fact]
    public async Task A_bundle_without_items_should_say_there_is_nothing_to_verify()
    {
        var writer = new BundleWriter(_fixture.NewCheckpoint, _fixture.VerifierKey);
        var output = new MemoryStream();
        await writer.WriteAsync(output, TimeProvider.System);

        var report = BundleVerifier.Verify(new MemoryStream(output.ToArray()), _fixture.VerifierKey);

        report.IsVerified.ShouldBeFalse();
        report.ToString().ShouldContain("nothing to verify");
        report.ToString().ShouldEndWith("NOT VERIFIED\n");
    }
}
