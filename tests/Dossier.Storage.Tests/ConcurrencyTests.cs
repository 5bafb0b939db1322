using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;

namespace Dossier.Storage.Tests;

/// <summary>
/// Concurrent writers of one record: the version check and the append are one atomic step, so each
/// round has exactly one winner, the ledger's history matches the record's version, and the live
/// projection equals a fresh rebuild of the ledger.
/// </summary>
public class ConcurrencyTests
{
    private const int Rounds = 12;
    private const int Writers = 6;
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Concurrent_revisions_of_one_version_have_exactly_one_winner(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service(TimeProvider.System);
        await service.CreateAsync(StoreSuiteTests.Source(), new Principal("setup", Role.Investigator), "test data", None);
        await service.CreateAsync(StoreSuiteTests.Person("p1", "Hamid Noury", "حمید نوری"), new Principal("setup", Role.Investigator), "test data", None);

        for (var round = 0; round < Rounds; round++)
        {
            var expected = (await test.Store.GetAsync("p1", None))!.Version;
            var results = await RaceAsync(writer => service.ReviseAsync(
                StoreSuiteTests.Person("p1", "Hamid Noury", "حمید نوری") with { Aliases = [$"alias {round}.{writer}"] },
                expected, new Principal($"writer-{writer}", Role.Investigator), $"round {round}", None));

            results.Count(r => r.Status == CommandStatus.Ok).ShouldBe(1, $"round {round}");
            results.Where(r => r.Status != CommandStatus.Ok).ShouldAllBe(r => r.Status == CommandStatus.VersionMismatch);
        }

        var record = (await test.Store.GetAsync("p1", None))!;
        record.Version.ShouldBe(Rounds + 1);
        (await test.Store.HistoryAsync("p1", None)).Count.ShouldBe(Rounds + 1);
        await ShouldEqualARebuildAsync(test.Store);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Concurrent_creates_of_one_id_have_exactly_one_winner(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service(TimeProvider.System);
        await service.CreateAsync(StoreSuiteTests.Source(), new Principal("setup", Role.Investigator), "test data", None);

        for (var round = 0; round < Rounds; round++)
        {
            var id = $"p-{round}";
            var results = await RaceAsync(writer => service.CreateAsync(
                StoreSuiteTests.Person(id, $"Name {writer}", "نام"), new Principal($"writer-{writer}", Role.Investigator), $"round {round}", None));

            results.Count(r => r.Status == CommandStatus.Ok).ShouldBe(1, $"round {round}");
            results.Where(r => r.Status != CommandStatus.Ok).ShouldAllBe(r => r.Status == CommandStatus.Conflict);
            (await test.Store.HistoryAsync(id, None)).Count.ShouldBe(1);
        }

        await ShouldEqualARebuildAsync(test.Store);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_stale_entry_appended_directly_is_refused_and_writes_nothing(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), new Principal("setup", Role.Investigator), "test data", None);
        var before = await test.Store.GetTreeHeadAsync(None);
        var stale = Dossier.Application.Ledger.Entries.RecordRevised.New(
            new Dossier.Application.Ledger.RecordRevisedBody(StoreSuiteTests.Source() with { Title = "changed" }, 5), "someone", DateTimeOffset.UnixEpoch, "stale");

        var conflict = await Should.ThrowAsync<AppendConflictException>(() => test.Store.AppendAsync([stale], None));

        conflict.Kind.ShouldBe(AppendConflictKind.VersionMismatch);
        conflict.CurrentVersion.ShouldBe(1);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_big_batch_that_conflicts_at_its_end_writes_none_of_its_entries(string dialect)
    {
        // Batches were once appended 500 at a time: a conflict on the 1,200th entry left the first 1,000 written.
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), new Principal("setup", Role.Investigator), "test data", None);
        await service.CreateAsync(StoreSuiteTests.Person("p-1199", "Taken Already", "گرفته"), new Principal("setup", Role.Investigator), "test data", None);
        var before = await test.Store.GetTreeHeadAsync(None);
        var produced = 0;
        IEnumerable<NewEntry> Batch()
        {
            for (var i = 0; i < 1200; i++)
            {
                produced++;
                yield return Entries.RecordCreated.New(
                    new RecordCreatedBody(StoreSuiteTests.Person($"p-{i}", $"Name {i}", "نام")), "importer", DateTimeOffset.UnixEpoch, "batch");
            }
        }

        var conflict = await Should.ThrowAsync<AppendConflictException>(() => test.Store.AppendAllAsync(Batch(), None));

        conflict.RecordId.ShouldBe("p-1199");
        produced.ShouldBe(1200);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size);
        (await test.Store.GetManyAsync(["p-0", "p-499", "p-500", "p-1198"], None)).ShouldBeEmpty();
        await ShouldEqualARebuildAsync(test.Store);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_batch_cancelled_part_way_writes_nothing_and_a_whole_one_is_appended_once(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var before = await test.Store.GetTreeHeadAsync(None);
        using var stop = new CancellationTokenSource();
        IEnumerable<NewEntry> Batch(int count, int cancelAt)
        {
            for (var i = 0; i < count; i++)
            {
                if (i == cancelAt)
                {
                    stop.Cancel();
                }

                yield return Entries.RecordCreated.New(
                    new RecordCreatedBody(StoreSuiteTests.Source($"s-{i}")), "importer", DateTimeOffset.UnixEpoch, "batch");
            }
        }

        await Should.ThrowAsync<OperationCanceledException>(() => test.Store.AppendAllAsync(Batch(800, cancelAt: 600), stop.Token));
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size);
        (await test.Store.GetAsync("s-0", None)).ShouldBeNull();

        (await test.Store.AppendAllAsync(Batch(800, cancelAt: -1), None)).ShouldBe(800);
        (await test.Store.AppendAllAsync([], None)).ShouldBe(0);
        var after = await test.Store.GetTreeHeadAsync(None);
        after.Size.ShouldBe(before.Size + 800);
        (await test.Store.ReadTreeHeadsAsync(None)).Count(h => h.Size > before.Size).ShouldBe(1);
        await ShouldEqualARebuildAsync(test.Store);
    }

    // Every writer waits at one gate, so the requests really overlap.
    private static async Task<CommandResult[]> RaceAsync(Func<int, Task<CommandResult>> write)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Writers).Select(async writer =>
        {
            await gate.Task;
            return await write(writer);
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task ShouldEqualARebuildAsync(IWorkspaceStore store)
    {
        var live = await store.DumpProjectionsAsync(None);
        await store.RebuildProjectionsAsync(null, None);
        (await store.DumpProjectionsAsync(None)).ShouldBe(live);
    }
}
