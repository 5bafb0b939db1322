using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;

namespace Dossier.Storage.Tests;

/// <summary>
/// The workspace's linkage knows which list each row is on (ADR 1827, 1832): the list is compared as a field and two rows
/// of one list join only as a pair, not through a chain; the run records that it did. On both databases.
/// </summary>
public class ListGuardTests
{
    private static readonly Principal Analyst = new("analyst@test", Role.Investigator);
    private const string Reason = "test lists";
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<ListService> ImportedAsync(TestStore test)
    {
        var service = new ListService(test.Store, new FixedTime());
        foreach (var (id, csv) in ListStoreTests.SyntheticLists(withPersonId: true))
        {
            (await service.ImportAsync(new ListImportRequest { Csv = csv, FileName = id + ".csv", SourceId = "list-" + id }, Analyst, Reason, None)).Problems.ShouldBeEmpty();
        }

        return service;
    }

    private static async Task<LinkageRunBody> LinkAsync(ListService service, TestStore test, LinkRequest request)
    {
        var run = await service.LinkAsync(request, Analyst, Reason, null, None);
        run.Problems.ShouldBeEmpty();
        return Entries.LinkageRun.Read((await test.Store.Lists.EntryAsync(run.Value!.Sequence, None))!);
    }

    /// <summary>Pairwise precision of the current clusters against the invented person each row was drawn from.</summary>
    private static async Task<(long Linked, long True)> PairsAsync(ListService service)
    {
        var clusterOf = await service.Lists.ClustersAsync(None);
        var rows = await service.Lists.RowsOfAsync(["list-families", "list-ngo", "list-prisoners"], None);
        static long Pairs(int n) => (long)n * (n - 1) / 2;
        var linked = rows.GroupBy(r => clusterOf.GetValueOrDefault(r.Key, r.Key), StringComparer.Ordinal).Sum(g => Pairs(g.Count()));
        var correct = rows.GroupBy(r => (clusterOf.GetValueOrDefault(r.Key, r.Key), r.Values["person_id"])).Sum(g => Pairs(g.Count()));
        return (linked, correct);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Lists_are_compared_and_guarded_by_default_and_the_run_says_so(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await ImportedAsync(test);

        var guarded = await LinkAsync(service, test, new LinkRequest());
        guarded.Parameters.ListGuard.ShouldBeTrue();
        guarded.Model.Comparisons.Select(c => c.Column).ShouldContain(ListService.ListColumn);
        var (guardedLinked, guardedTrue) = await PairsAsync(service);

        var pooled = await LinkAsync(service, test, new LinkRequest { ListGuard = false });
        pooled.Parameters.ListGuard.ShouldBeFalse();
        pooled.Model.Comparisons.Select(c => c.Column).ShouldNotContain(ListService.ListColumn);
        var (pooledLinked, pooledTrue) = await PairsAsync(service);

        // Knowing the lists costs no precision: no larger share of the linked pairs is two people.
        guardedLinked.ShouldBeGreaterThan(0);
        ((double)guardedTrue / guardedLinked).ShouldBeGreaterThanOrEqualTo((double)pooledTrue / pooledLinked);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task One_list_alone_is_not_guarded_against_itself(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await ImportedAsync(test);

        var alone = await LinkAsync(service, test, new LinkRequest { Lists = ["list-ngo"] });

        // Every pair would be "one list": the guard would only cut the chains that deduplication of one list needs.
        alone.Parameters.ListGuard.ShouldBeFalse();
        alone.Model.Comparisons.Select(c => c.Column).ShouldNotContain(ListService.ListColumn);
    }
}
