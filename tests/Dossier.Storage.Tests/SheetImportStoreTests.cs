using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Exchange.Sheets;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>
/// Spreadsheets in at the door (ADR 1805), on SQLite and PostgreSQL: creations and updates are one append,
/// a stale version or a refused role writes nothing (a refusal is one access.denied entry).
/// </summary>
public class SheetImportStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines", Role.Investigator);

    private static async Task<long> SizeAsync(TestStore test) => (await test.Store.GetTreeHeadAsync(None)).Size;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Creations_and_updates_of_a_sheet_are_one_append_and_a_stale_version_loses_all_of_it(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new WorkspaceService(test.Store, new FixedTime());
        (await service.CreateAsync(StoreSuiteTests.Source(), Investigator, "setup", None)).Status.ShouldBe(CommandStatus.Ok);
        var sheet = new SheetImportRequest
        {
            Content = Encoding.UTF8.GetBytes("id,title,type,provenance,reliability\ns1,Renamed source,,,a\ns2,A second source,ngo-report,an NGO,c\n"),
            FileName = "sources.csv",
            Kind = RecordKind.Source,
        };

        var plan = await SheetImport.PlanAsync(service, sheet, Investigator, None);
        plan.Problems.ShouldBeEmpty();
        plan.Rows.Select(r => (r.Record.Id, r.ExpectedVersion)).ShouldBe([("s1", (int?)1), ("s2", null)]);
        // Someone edits s1 between the check and the write: the whole batch loses, s2 included.
        (await service.ReviseAsync(StoreSuiteTests.Source() with { Notes = "edited meanwhile" }, 1, Investigator, "edit", None)).Status.ShouldBe(CommandStatus.Ok);
        var size = await SizeAsync(test);

        var stale = await service.WriteManyAsync([.. plan.Rows.Select(r => new RecordWrite(r.Record, r.ExpectedVersion))], Investigator, "import", None);

        stale.ShouldContain(e => e.RecordId == "s1" && e.Field == "version");
        (await SizeAsync(test)).ShouldBe(size);
        (await test.Store.GetAsync("s2", None)).ShouldBeNull();

        var imported = await SheetImport.ImportAsync(service, sheet, Investigator, "import", None);

        imported.Ok.ShouldBeTrue(string.Join("; ", imported.Problems));
        (imported.Created, imported.Updated).ShouldBe((1, 1));
        (await SizeAsync(test)).ShouldBe(size + 2);
        var s1 = (await test.Store.GetAsync("s1", None))!;
        s1.Version.ShouldBe(3);
        var source = s1.Record.ShouldBeOfType<Source>();
        (source.Title, source.Reliability, source.Notes, source.Type).ShouldBe(("Renamed source", Reliability.A, "edited meanwhile", "ngo-report"));
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_sheet_a_role_may_not_write_is_refused_with_one_audit_entry_and_nothing_else(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new WorkspaceService(test.Store, new FixedTime());
        (await service.CreateAsync(StoreSuiteTests.Source(), Investigator, "setup", None)).Status.ShouldBe(CommandStatus.Ok);
        var before = await SizeAsync(test);
        var sheet = new SheetImportRequest
        {
            Content = TestWorkbook.Write(["id", "name", "classification"], [new TestCell.Inline("p1"), "حسین کریمی", "restricted"]),
            FileName = "people.xlsx",
            Kind = RecordKind.Person,
        };

        var viewer = await SheetImport.ImportAsync(service, sheet, new Principal("vera", Role.Viewer), "try", None);

        viewer.Refused.ShouldBeTrue();
        viewer.Problems.ShouldHaveSingleItem().Message.ShouldContain("may not write");
        var appended = new List<string>();
        await foreach (var stored in test.Store.ReadEntriesAsync(None))
        {
            if (stored.Sequence >= before)
            {
                appended.Add(LedgerEntry.FromBytes(stored.Bytes).Type);
            }
        }

        appended.ShouldBe([EntryTypes.Denied]);
        (await test.Store.GetAsync("p1", None)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_row_naming_a_record_of_another_kind_is_an_error_of_that_row(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new WorkspaceService(test.Store, new FixedTime());
        (await service.CreateAsync(StoreSuiteTests.Source(), Investigator, "setup", None)).Status.ShouldBe(CommandStatus.Ok);

        var plan = await SheetImport.PlanAsync(service, new SheetImportRequest
        {
            Content = Encoding.UTF8.GetBytes("id,name\np9,Nasrin Sotoudeh\ns1,Not a person\n"),
            FileName = "people.csv",
            Kind = RecordKind.Person,
        }, Investigator, None);

        plan.Problems.ShouldHaveSingleItem().ToString().ShouldBe("people.csv, line 3, column 'id' (id): 's1' is a source; this sheet holds person records");
    }
}
