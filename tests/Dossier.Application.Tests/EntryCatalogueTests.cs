using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Ledger;

namespace Dossier.Application.Tests;

/// <summary>
/// How a body that changes shape is read forever: a kind at schema version 2 reads a version-1 body through
/// its upcaster, refuses a body from a newer Dossier by name, and cannot be declared without its upcasters.
/// (Every real kind reads the version-1 ledger in Fixtures/ledger-v1: LedgerV1CompatibilityTests.)
/// </summary>
public class EntryCatalogueTests
{
    // A made-up v2 of a made-up entry: v1 had one "name"; v2 splits it into given and family names.
    private sealed record PersonNamedV2(string Given, string Family);

    private static readonly EntryKind<PersonNamedV2> Kind = new("test.person-named", 2, new Upcaster(1, v1 =>
    {
        var parts = (v1["name"]?.GetValue<string>() ?? string.Empty).Split(' ', 2);
        return new JsonObject { ["given"] = parts[0], ["family"] = parts.Length > 1 ? parts[1] : string.Empty };
    }));

    private static LedgerEntry Sealed(int version, object body) =>
        LedgerEntry.Seal(7, new NewEntry("test.person-named", version, "tester", DateTimeOffset.UnixEpoch, "test", JsonSerializer.SerializeToElement(body)));

    [Fact]
    public void A_version_1_body_is_read_through_its_upcaster()
    {
        Kind.Read(Sealed(1, new { name = "Hamid Noury" })).ShouldBe(new PersonNamedV2("Hamid", "Noury"));
    }

    [Fact]
    public void A_current_body_is_read_as_written_and_new_entries_carry_the_current_version()
    {
        var entry = LedgerEntry.Seal(8, Kind.New(new PersonNamedV2("Hamid", "Noury"), "tester", DateTimeOffset.UnixEpoch, "test"));

        entry.SchemaVersion.ShouldBe(2);
        entry.Body.GetRawText().ShouldContain("\"given\":\"Hamid\"");
        Kind.Read(entry).ShouldBe(new PersonNamedV2("Hamid", "Noury"));
    }

    [Fact]
    public void A_body_from_a_newer_dossier_is_refused_by_name_and_version()
    {
        var error = Should.Throw<InvalidDataException>(() => Kind.Read(Sealed(3, new { given = "a", family = "b", middle = "c" })));

        error.Message.ShouldContain("entry 7 (test.person-named v3) was written by a newer Dossier");
    }

    [Fact]
    public void A_kind_past_version_1_cannot_be_declared_without_an_upcaster_from_each_older_version()
    {
        Should.Throw<InvalidOperationException>(() => new EntryKind<PersonNamedV2>("test.other", 3, new Upcaster(1, n => n)))
            .Message.ShouldContain("no upcaster from v2");
    }

    [Fact]
    public void A_body_of_the_wrong_shape_names_the_entry()
    {
        var entry = LedgerEntry.Seal(9, new NewEntry(EntryTypes.EvidenceLinked, 1, "tester", DateTimeOffset.UnixEpoch, "test",
            JsonSerializer.SerializeToElement(new { hash = 5 })));

        Should.Throw<InvalidDataException>(() => Entries.EvidenceLinked.Read(entry)).Message.ShouldContain("entry 9 (evidence.linked v1)");
    }

    [Fact]
    public void Every_kind_has_a_unique_name_and_the_name_table_holds_each()
    {
        Entries.All.Select(k => k.Name).ShouldBeUnique();
        var constants = typeof(EntryTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        Entries.All.Select(k => k.Name).Order(StringComparer.Ordinal).ShouldBe(constants);
    }
}
