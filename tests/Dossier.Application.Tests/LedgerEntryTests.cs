using System.Text;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Tests;

public class LedgerEntryTests
{
    private static NewEntry Entry(string body) => new("record.created", 1, "analyst", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(3.5)), "why «نوری»", JsonDocument.Parse(body).RootElement);

    [Fact]
    public void A_sealed_entry_is_in_RFC_8785_canonical_form_and_hashed_as_an_RFC_9162_leaf()
    {
        var entry = LedgerEntry.Seal(42, Entry("""{ "z": 1, "a": [ 1.50, "x\u0007" ], "é": { "b": true, "a": null } }"""));

        var text = Encoding.UTF8.GetString(entry.Bytes);
        text.ShouldBe("""{"actor":"analyst","body":{"a":[1.5,"x\u0007"],"z":1,"é":{"a":null,"b":true}},"reason":"why «نوری»","seq":42,"time":"2026-01-01T23:34:05.678Z","type":"record.created","v":1}""");
        JsonCanonicalizer.Canonicalize(entry.Bytes).ShouldBe(entry.Bytes);
        entry.LeafHash.ShouldBe(MerkleHash.Leaf(entry.Bytes));
    }

    [Fact]
    public void Reading_the_bytes_back_gives_the_same_entry()
    {
        var sealedEntry = LedgerEntry.Seal(7, Entry("""{"kind":"person","record":{"id":"p1"}}"""));

        var read = LedgerEntry.FromBytes(sealedEntry.Bytes);

        read.Sequence.ShouldBe(7);
        read.Actor.ShouldBe("analyst");
        read.Reason.ShouldBe("why «نوری»");
        read.Time.ShouldBe(sealedEntry.Time);
        read.LeafHash.ShouldBe(sealedEntry.LeafHash);
        read.Body.GetProperty("record").GetProperty("id").GetString().ShouldBe("p1");
    }
}
