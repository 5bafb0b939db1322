using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Record = Dossier.Domain.Records.Record;

namespace Dossier.Storage.Tests;

/// <summary>
/// An append larger than a batch of held writes and a group of precondition reads (ADR 1824) stores what appending its
/// entries one at a time stores: the same ledger rows, Merkle tree and projections; and its entries see the ones before
/// them, whether or not those were sent to the database yet.
/// </summary>
public class BatchedAppendTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_batch_across_flushes_stores_what_one_entry_at_a_time_stores(string dialect)
    {
        var entries = MixedEntries();
        await using var batched = await TestStore.OpenAsync(dialect);
        await using var single = await TestStore.OpenAsync(dialect);

        (await batched.Store.AppendAllAsync(entries, None)).ShouldBe(entries.Count);
        foreach (var entry in entries)
        {
            await single.Store.AppendAsync([entry], None);
        }

        var head = await batched.Store.GetTreeHeadAsync(None);
        head.Size.ShouldBe(entries.Count);
        head.RootHash.ShouldBe((await single.Store.GetTreeHeadAsync(None)).RootHash);
        (await batched.Store.ReadTreeHeadsAsync(None)).Count.ShouldBe(1);
        (await ReadAllAsync(batched.Store)).ShouldBe(await ReadAllAsync(single.Store));
        SubtreeHashes(batched.Store, entries.Count).ShouldBe(SubtreeHashes(single.Store, entries.Count));
        (await batched.Store.DumpProjectionsAsync(None)).ShouldBe(await single.Store.DumpProjectionsAsync(None));
        (await batched.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();

        // The records created and revised across the boundaries ended where their last entries left them.
        (await batched.Store.GetAsync("edge", None))!.Version.ShouldBe(3);
        (await batched.Store.GetAsync("p-0", None))!.Version.ShouldBe(2);
        (await batched.Store.GetAsync("p-7", None))!.Retracted.ShouldBeTrue();
        (await batched.Store.SearchAsync(new SearchQuery("Withheldname"), None)).ShouldBeEmpty();
        (await batched.Store.SearchAsync(new SearchQuery("Edgerevised"), None)).Select(h => h.Id).ShouldBe(["edge"]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_revision_of_a_version_the_same_batch_replaced_is_refused_and_nothing_is_written(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        await test.Store.AppendAsync([Created(StoreSuiteTests.Source())], None);
        var before = await test.Store.GetTreeHeadAsync(None);
        var person = StoreSuiteTests.Person("late", "Late Person", "شخص");
        List<NewEntry> batch =
        [
            .. Enumerable.Range(0, 700).Select(i => Created(StoreSuiteTests.Source($"s-{i}"))),
            Created(person),
            Revised(person with { Aliases = ["first"] }, 1),
            Revised(person with { Aliases = ["stale"] }, 1),
        ];

        var conflict = await Should.ThrowAsync<AppendConflictException>(() => test.Store.AppendAllAsync(batch, None));

        conflict.RecordId.ShouldBe("late");
        conflict.Kind.ShouldBe(AppendConflictKind.VersionMismatch);
        conflict.CurrentVersion.ShouldBe(2);
        (await test.Store.GetTreeHeadAsync(None)).RootHash.ShouldBe(before.RootHash);
        (await test.Store.GetManyAsync(["late", "s-0", "s-699"], None)).ShouldBeEmpty();

        var twice = await Should.ThrowAsync<AppendConflictException>(() => test.Store.AppendAllAsync([Created(person), Created(person)], None));
        twice.Kind.ShouldBe(AppendConflictKind.Exists);
        (await test.Store.GetTreeHeadAsync(None)).RootHash.ShouldBe(before.RootHash);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_row_identified_twice_in_one_batch_is_refused_though_the_first_was_not_sent_yet(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        await test.Store.AppendAsync([Created(StoreSuiteTests.Source())], None);
        var before = await test.Store.GetTreeHeadAsync(None);
        List<NewEntry> batch =
        [
            Created(StoreSuiteTests.Person("a", "First Person", "یک")),
            Identified("a", "families:r1"),
            Created(StoreSuiteTests.Person("b", "Second Person", "دو")),
            Identified("b", "families:r1"),
        ];

        var refused = await Should.ThrowAsync<InvalidDataException>(() => test.Store.AppendAllAsync(batch, None));

        refused.Message.ShouldContain("already the person 'a'");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size);
        (await test.Store.GetManyAsync(["a", "b"], None)).ShouldBeEmpty();

        // One entry naming a row twice is refused as two entries are.
        var twice = await Should.ThrowAsync<InvalidDataException>(() => test.Store.AppendAllAsync(
            [Created(StoreSuiteTests.Person("c", "Third Person", "سه")), Identified("c", "families:r2", "families:r3", "families:r2")], None));
        twice.Message.ShouldContain("'families:r2', which is already the person 'c'");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size);
    }

    // 1,300 entries: three groups of precondition reads and several batches of held statements. A record is created as the
    // last entry of the first group and revised twice at the start of the second; an interview's withdrawal in the same
    // batch hides its statement's words (a projection that reads what the batch wrote); one person is revised at once, one
    // retracted; three are identified with list rows (a projection whose check reads what the batch wrote).
    private static List<NewEntry> MixedEntries()
    {
        var entries = new List<NewEntry> { Created(StoreSuiteTests.Source()) };
        var edge = StoreSuiteTests.Person("edge", "Edge Person", "لبه");
        var consent = new Consent { SharedWith = ["team"], For = ["documentation"] };
        var interview = new Interview { Id = "int", WitnessId = "p-1", Consent = consent, Synthetic = true };
        for (var i = 0; entries.Count < 1300; i++)
        {
            var person = StoreSuiteTests.Person($"p-{i}", $"Name{i} Family", "نام");
            entries.Add(Created(person));
            switch (i)
            {
                case 0:
                    entries.Add(Revised(person with { Aliases = ["revised at once"] }, 1));
                    break;
                case 7:
                    entries.Add(Entries.RecordRetracted.New(new RecordRetractedBody(RecordKind.Person, person.Id, 1), "importer", DateTimeOffset.UnixEpoch, "test"));
                    break;
                case 50 or 51 or 400:
                    entries.Add(Identified(person.Id, $"families:r{i}"));
                    break;
                case 300:
                    entries.Add(Created(interview));
                    entries.Add(Created(new Statement { Id = "st", InterviewId = "int", Text = "Withheldname read the list.", Synthetic = true }));
                    entries.Add(Revised(interview with { Consent = consent with { Withdrawn = FuzzyDate.Parse("2024-03-01") } }, 1));
                    break;
            }

            if (entries.Count == RecordPreconditions.GroupSize - 1)
            {
                entries.Add(Created(edge));
                entries.Add(Revised(edge with { Aliases = ["Edgerevised"] }, 1));
                entries.Add(Revised(edge with { Aliases = ["Edgerevised", "again"] }, 2));
            }
        }

        entries[RecordPreconditions.GroupSize - 1].Type.ShouldBe(EntryTypes.RecordCreated);
        entries[RecordPreconditions.GroupSize].Type.ShouldBe(EntryTypes.RecordRevised);
        return entries;
    }

    private static NewEntry Created(Record record) =>
        Entries.RecordCreated.New(new RecordCreatedBody(record), "importer", DateTimeOffset.UnixEpoch, "test");

    private static NewEntry Identified(string person, params string[] rows) =>
        Entries.ListRowsIdentified.New(new Dossier.Application.Lists.ListEntries.RowsIdentifiedBody(person, 0, rows), "importer", DateTimeOffset.UnixEpoch, "test");

    private static NewEntry Revised(Record record, int previousVersion) =>
        Entries.RecordRevised.New(new RecordRevisedBody(record, previousVersion), "importer", DateTimeOffset.UnixEpoch, "test");

    private static async Task<List<string>> ReadAllAsync(IWorkspaceStore store)
    {
        var rows = new List<string>();
        await foreach (var entry in store.ReadEntriesAsync(None))
        {
            rows.Add($"{entry.Sequence} {Convert.ToHexString(entry.Bytes)} {Convert.ToHexString(entry.LeafHash)}");
        }

        return rows;
    }

    // Every stored node of the complete subtrees a tree of this size has, as proofs read them.
    private static List<string> SubtreeHashes(IWorkspaceStore store, long size)
    {
        var hashes = new List<string>();
        var source = store.OpenSubtreeHashes();
        try
        {
            for (var level = 0; (1L << level) <= size; level++)
            {
                for (long index = 0; (index + 1) << level <= size; index++)
                {
                    hashes.Add(Convert.ToHexString(source.GetSubtreeHash(level, index)));
                }
            }
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        return hashes;
    }
}

public class PostgresAutoPrepareTests
{
    [Theory]
    [InlineData("Host=db;Username=u", 64)]
    [InlineData("Host=db;Username=u;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=u;max auto prepare=10", 10)]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string given, int expected) =>
        new Npgsql.NpgsqlConnectionStringBuilder(PostgresDialect.WithAutoPrepare(given)).MaxAutoPrepare.ShouldBe(expected);
}
