using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage.Tests;

/// <summary>One suite, both databases: what the application relies on from any store.</summary>
public class StoreSuiteTests
{
    private static readonly Principal Analyst = new("analyst@test", Role.Investigator);
    private const string AnalystReason = "test data";
    private static readonly CancellationToken None = CancellationToken.None;

    internal static Source Source(string id = "s1") => new()
    {
        Id = id,
        Title = "Test source",
        Type = "ngo-report",
        Provenance = "test provenance",
        Reliability = Reliability.B,
    };

    internal static Person Person(string id, string latin, string persian) => new()
    {
        Id = id,
        Names = [new PersonName(latin, "Latn", NameKind.Full), new PersonName(persian, "Arab", NameKind.Full)],
        Sources = ["s1"],
        Synthetic = true,
    };

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Created_records_are_read_back_with_version_and_history(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        (await service.CreateAsync(Source(), Analyst, AnalystReason, None)).Status.ShouldBe(CommandStatus.Ok);
        var created = await service.CreateAsync(Person("p1", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);

        created.Status.ShouldBe(CommandStatus.Ok);
        created.Record!.Version.ShouldBe(1);
        var read = (Person)(await test.Store.GetAsync("p1", None))!.Record;
        read.Names.ShouldContain(new PersonName("حمید نوری", "Arab", NameKind.Full));
        read.Synthetic.ShouldBeTrue();
        var history = await test.Store.HistoryAsync("p1", None);
        history.Select(e => e.Type).ShouldBe([EntryTypes.RecordCreated]);
        history[0].Actor.ShouldBe("analyst@test");
        history[0].Reason.ShouldBe("test data");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_revision_needs_the_current_version_and_keeps_the_old_one_in_history(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("p1", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);
        var revised = Person("p1", "Hamid Noury", "حمید نوری") with { Aliases = ["Abbasi"] };

        (await service.ReviseAsync(revised, 7, Analyst, AnalystReason, None)).Status.ShouldBe(CommandStatus.VersionMismatch);
        var result = await service.ReviseAsync(revised, 1, Analyst, "alias from S8", None);

        result.Status.ShouldBe(CommandStatus.Ok);
        result.Record!.Version.ShouldBe(2);
        ((Person)result.Record.Record).Aliases.ShouldBe(["Abbasi"]);
        var history = await test.Store.HistoryAsync("p1", None);
        history.Select(e => e.Reason).ShouldBe(["test data", "alias from S8"]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_retracted_record_stays_readable_but_leaves_search(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("p1", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);
        (await test.Store.SearchAsync(new SearchQuery("Noury"), None)).Count.ShouldBe(1);

        (await service.RetractAsync("p1", 1, Analyst, AnalystReason, None)).Status.ShouldBe(CommandStatus.Ok);

        (await test.Store.GetAsync("p1", None))!.Retracted.ShouldBeTrue();
        (await test.Store.SearchAsync(new SearchQuery("Noury"), None)).ShouldBeEmpty();
        (await test.Store.CountAsync(None))[RecordKind.Person].ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task References_to_missing_or_wrong_kinds_are_rejected_and_nothing_is_written(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        var position = new Position { Id = "pos1", PersonId = "nobody", Role = "guard", OrganizationId = "s1" };

        var result = await service.CreateAsync(position, Analyst, AnalystReason, None);

        result.Status.ShouldBe(CommandStatus.Invalid);
        result.Errors.Select(e => e.Field).ShouldBe(["personId", "organizationId"], ignoreOrder: true);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_stored_root_equals_the_RFC_9162_root_of_the_entries(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        for (var i = 0; i < 6; i++)
        {
            await service.CreateAsync(Person($"p{i}", $"Person {i}", "نام"), Analyst, AnalystReason, None);
        }

        var leaves = new List<byte[]>();
        await foreach (var entry in test.Store.ReadEntriesAsync(None))
        {
            leaves.Add(MerkleHash.Leaf(entry.Bytes));
        }

        var head = await test.Store.GetTreeHeadAsync(None);
        head.Size.ShouldBe(7);
        head.RootHash.ShouldBe(NaiveRoot(leaves));
        (await LedgerVerifier.VerifyAsync(test.Store, null, None)).Ok.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Rebuilding_the_projections_from_the_ledger_gives_identical_tables(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("p1", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("p2", "Mostafa Pour-Mohammadi", "مصطفی پورمحمدی"), Analyst, AnalystReason, None);
        await service.ReviseAsync(Person("p1", "Hamid Noury", "حمید نوری") with { Aliases = ["Abbasi"] }, 1, Analyst, AnalystReason, None);
        await service.RetractAsync("p2", 1, Analyst, AnalystReason, None);
        var before = await test.Store.DumpProjectionsAsync(None);

        var replayed = await test.Store.RebuildProjectionsAsync(null, None);

        replayed.ShouldBe(5);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        before.ShouldContain("Abbasi");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Search_finds_a_person_by_other_spellings_and_the_other_script(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("noury", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("other", "Reza Nasiri", "رضا نصیری"), Analyst, AnalystReason, None);

        foreach (var query in new[] { "Noury", "Nouri", "Nuri", "نوری", "hamid nouri" })
        {
            var hits = await test.Store.SearchAsync(new SearchQuery(query), None);
            hits.Select(h => h.Id).ShouldBe(["noury"], $"query '{query}'");
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Search_treats_query_syntax_as_plain_text(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(Person("noury", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);

        foreach (var query in new[] { "\"", "noury\" OR \"", "'; drop table records; --", "NEAR(a b)", "*", "a:*|b" })
        {
            await Should.NotThrowAsync(() => test.Store.SearchAsync(new SearchQuery(query), None));
        }

        (await test.Store.GetAsync("noury", None)).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Proofs_built_from_stored_subtree_hashes_verify_against_stored_roots(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(Source(), Analyst, AnalystReason, None);
        for (var i = 0; i < 12; i++)
        {
            await service.CreateAsync(Person($"p{i}", $"Person {i}", "نام"), Analyst, AnalystReason, None);
        }

        var heads = await test.Store.ReadTreeHeadsAsync(None);
        var leaves = new List<byte[]>();
        await foreach (var entry in test.Store.ReadEntriesAsync(None))
        {
            leaves.Add(entry.LeafHash);
        }

        var source = test.Store.OpenSubtreeHashes();
        try
        {
            var old = heads.Single(h => h.Size == 5);
            var now = heads[^1];
            var consistency = MerkleProofs.Consistency(source, 5, now.Size);
            MerkleVerifier.VerifyConsistency(5, now.Size, consistency, old.RootHash, now.RootHash).IsValid.ShouldBeTrue();
            var inclusion = MerkleProofs.Inclusion(source, 3, now.Size);
            MerkleVerifier.VerifyInclusion(3, now.Size, leaves[3], inclusion, now.RootHash).IsValid.ShouldBeTrue();
            MerkleVerifier.VerifyInclusion(3, now.Size, leaves[4], inclusion, now.RootHash).IsValid.ShouldBeFalse();
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    private static byte[] NaiveRoot(List<byte[]> leaves)
    {
        if (leaves.Count == 1)
        {
            return leaves[0];
        }

        var split = 1;
        while (split * 2 < leaves.Count)
        {
            split *= 2;
        }

        return MerkleHash.Node(NaiveRoot(leaves[..split]), NaiveRoot(leaves[split..]));
    }
}
