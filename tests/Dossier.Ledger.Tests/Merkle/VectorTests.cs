using System.Text.Json;
using Dossier.Ledger.Merkle;
using Dossier.Testing;

namespace Dossier.Ledger.Tests.Merkle;

/// <summary>
/// The transparency-dev/merkle test vectors in ../shared/data/merkle: every valid case must verify and
/// every deliberately broken one (wrong root, truncated proof, flipped bit, bad sizes…) must fail.
/// </summary>
public sealed class VectorTests
{
    public static TheoryData<string> Inclusion() => Cases("inclusion");

    public static TheoryData<string> Consistency() => Cases("consistency");

    public static TheoryData<string> SubtreeInclusion() => Cases("subtreeinclusion");

    public static TheoryData<string> SubtreeConsistency() => Cases("subtreeconsistency");

    [SharedDataTheory]
    [MemberData(nameof(Inclusion))]
    public void Inclusion_vector_should_be_judged_as_its_author_expects(string file)
    {
        var (json, wantErr) = Load(file);
        var ok = Long(json, "leafIdx") is { } index && Long(json, "treeSize") is { } size
            && MerkleVerifier.VerifyInclusion(index, size, Bytes(json, "leafHash"), Proof(json), Bytes(json, "root")).IsValid;
        ok.ShouldBe(!wantErr, file);
    }

    [SharedDataTheory]
    [MemberData(nameof(Consistency))]
    public void Consistency_vector_should_be_judged_as_its_author_expects(string file)
    {
        var (json, wantErr) = Load(file);
        var ok = Long(json, "size1") is { } size1 && Long(json, "size2") is { } size2
            && MerkleVerifier.VerifyConsistency(size1, size2, Proof(json), Bytes(json, "root1"), Bytes(json, "root2")).IsValid;
        ok.ShouldBe(!wantErr, file);
    }

    [SharedDataTheory]
    [MemberData(nameof(SubtreeInclusion))]
    public void Subtree_inclusion_vector_should_be_judged_as_its_author_expects(string file)
    {
        var (json, wantErr) = Load(file);
        var ok = Long(json, "leafIdx") is { } index && Long(json, "start") is { } start && Long(json, "end") is { } end
            && MerkleVerifier.VerifySubtreeInclusion(index, start, end, Bytes(json, "leafHash"), Proof(json), Bytes(json, "root")).IsValid;
        ok.ShouldBe(!wantErr, file);
    }

    /// <summary>Every valid subtree-consistency vector is a prefix subtree [0, end) or an empty one; the
    /// verifier refuses other subtrees as unsupported, so those can only count as broken cases here.</summary>
    [SharedDataTheory]
    [MemberData(nameof(SubtreeConsistency))]
    public void Subtree_consistency_vector_should_be_judged_as_its_author_expects(string file)
    {
        var (json, wantErr) = Load(file);
        var ok = Long(json, "start") is { } start && Long(json, "end") is { } end && Long(json, "size") is { } size
            && MerkleVerifier.VerifySubtreeConsistency(start, end, size, Proof(json), Bytes(json, "root1"), Bytes(json, "root2")).IsValid;
        ok.ShouldBe(!wantErr, file);
    }

    [SharedDataFact]
    public void The_vector_folders_should_hold_both_valid_and_broken_cases()
    {
        foreach (var folder in new[] { "inclusion", "consistency" })
        {
            var files = Files(folder);
            var valid = files.Count(f => !Load(f).WantErr);
            valid.ShouldBeGreaterThan(0, folder);
            (files.Count - valid).ShouldBeGreaterThan(valid, folder);
        }
    }

    private static TheoryData<string> Cases(string folder)
    {
        // Without the data folder the theory is skipped, but xunit still needs one row to skip.
        var files = TestEnvironment.SharedDataDirectory is null ? ["(absent)"] : Files(folder);
        var data = new TheoryData<string>();
        foreach (var file in files)
        {
            data.Add(file);
        }

        return data;
    }

    private static List<string> Files(string folder)
    {
        var root = TestEnvironment.SharedData(Path.Combine("merkle", folder));
        return Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(TestEnvironment.SharedData("merkle"), file))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static (JsonElement Json, bool WantErr) Load(string file)
    {
        var json = JsonDocument.Parse(File.ReadAllBytes(TestEnvironment.SharedData(Path.Combine("merkle", file)))).RootElement.Clone();
        return (json, json.GetProperty("wantErr").GetBoolean());
    }

    // Sizes beyond a signed 64-bit integer cannot name a real tree; they count as a failed check.
    private static long? Long(JsonElement json, string name) =>
        json.GetProperty(name).TryGetInt64(out var value) ? value : null;

    private static byte[] Bytes(JsonElement json, string name) =>
        json.GetProperty(name).ValueKind == JsonValueKind.Null ? [] : Convert.FromBase64String(json.GetProperty(name).GetString()!);

    private static List<byte[]> Proof(JsonElement json)
    {
        var proof = json.GetProperty("proof");
        return proof.ValueKind == JsonValueKind.Null
            ? []
            : proof.EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
    }
}
