using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Domain.Records;
using Dossier.Synthesis;

namespace Dossier.Storage.Tests;

/// <summary>
/// Victims from lists (issue 18 §6) on both databases: a linked cluster of SYNTHETIC list rows becomes one person
/// record, or joins one; every row stays that person's source, and the ground truth of the generator says which rows
/// are one person.
/// </summary>
public class ListIdentificationTests
{
    private static readonly Principal Analyst = new("analyst@test", Role.Investigator);
    private static readonly Principal Viewer = new("viewer@test", Role.Viewer);
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly IReadOnlyList<ListRecord> Rows =
        [.. ListSampler.Sample(SyntheticPopulation.Generate(new PopulationOptions { Size = 300 }, seed: 7), SyntheticPresets.ThreeLists, seed: 11)];

    private static async Task<ListService> LinkedAsync(TestStore test)
    {
        var service = new ListService(test.Store, new FixedTime());
        foreach (var list in Rows.GroupBy(r => r.ListId, StringComparer.Ordinal))
        {
            using var csv = new StringWriter(new StringBuilder());
            SyntheticCsv.WriteRecords(csv, list, includePersonId: true);
            var imported = await service.ImportAsync(new ListImportRequest
            {
                Csv = Encoding.UTF8.GetBytes(csv.ToString()), FileName = list.Key + ".csv", SourceId = "list-" + list.Key,
            }, Analyst, "test lists", None);
            imported.Problems.ShouldBeEmpty();
        }

        (await service.LinkAsync(new LinkRequest(), Analyst, "test lists", null, None)).Problems.ShouldBeEmpty();
        return service;
    }

    private static string Key(ListRecord row) => RowKeys.Of("list-" + row.ListId, row.RecordId);

    /// <summary>Makes the current cluster of the person's rows exactly those rows, by decisions, as a reviewer would.</summary>
    private static async Task<IReadOnlyList<string>> ClusterExactlyAsync(ListService service, IReadOnlyList<ListRecord> rows)
    {
        var keys = rows.Select(Key).Order(StringComparer.Ordinal).ToList();
        // Every pair, so an earlier "different people" between two of them is overturned as a reviewer would.
        foreach (var (a, b) in keys.SelectMany((a, i) => keys.Skip(i + 1).Select(b => (a, b))))
        {
            var clusters = await service.Lists.ClustersAsync(None);
            if (clusters[a] != clusters[b])
            {
                (await service.DecideAsync(a, b, LinkageVerdict.Accept, Analyst, "same person", None)).Problems.ShouldBeEmpty();
            }
        }

        var cluster = (await service.Lists.ClusterOfAsync(keys[0], None))!;
        foreach (var stranger in cluster.Rows.Select(r => r.Key).Except(keys, StringComparer.Ordinal).ToList())
        {
            (await service.DecideAsync(keys[0], stranger, LinkageVerdict.Reject, Analyst, "another person", None)).Problems.ShouldBeEmpty();
        }

        (await service.Lists.ClusterOfAsync(keys[0], None))!.Rows.Select(r => r.Key).Order(StringComparer.Ordinal).ShouldBe(keys);
        return keys;
    }

    private static IReadOnlyList<ListRecord> PersonOnEveryList() =>
        Rows.GroupBy(r => r.PersonId).First(g => g.Select(r => r.ListId).Distinct(StringComparer.Ordinal).Count() == 3).ToList();

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_cluster_becomes_one_synthetic_person_with_every_spelling_and_every_list_as_a_source(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var truth = PersonOnEveryList();
        var keys = await ClusterExactlyAsync(service, truth);

        var result = await service.IdentifyAsync(new IdentifyRequest(keys[1]), Analyst, "one victim on three lists", None);

        result.Problems.ShouldBeEmpty();
        var done = result.Value!;
        done.Created.ShouldBeTrue();
        done.Rows.Select(r => r.Key).Order(StringComparer.Ordinal).ShouldBe(keys);
        var person = (Person)done.Person.Record;
        person.Synthetic.ShouldBeTrue();
        person.Id.ShouldStartWith("syn-victim-");
        person.Classification.ShouldBe(Classification.Internal);
        person.Sources.ShouldBe(["list-families", "list-ngo", "list-prisoners"]);
        // Every given and family name written on the rows is a name of the person, in its script.
        foreach (var row in truth)
        {
            person.Names.ShouldContain(n => n.Kind == NameKind.Given && n.Text == row.GivenName.Trim());
            person.Names.ShouldContain(n => n.Kind == NameKind.Family && n.Text == row.FamilyName.Trim());
        }

        person.Names.Where(n => n.Kind == NameKind.Full).Select(n => n.Script).ShouldAllBe(s => s == "Latn" || s == "Arab");
        // The link is one entry after the record's, naming every row.
        var recent = await test.Store.RecentEntriesAsync(2, None);
        recent.Select(e => e.Type).ShouldBe([EntryTypes.ListRowsIdentified, EntryTypes.RecordCreated]);
        (await service.Lists.PeopleOfRowsAsync(keys, None)).Values.Distinct().ShouldBe([person.Id]);
        (await service.Lists.RowsOfPersonAsync(person.Id, None)).Select(r => r.Key).ShouldBe(keys);

        var before = await test.Store.DumpProjectionsAsync(None);
        before.ShouldContain(person.Id);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_row_linked_later_joins_the_same_person_and_never_makes_a_second(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var truth = PersonOnEveryList();
        await ClusterExactlyAsync(service, truth.Take(2).ToList());
        var first = (await service.IdentifyAsync(new IdentifyRequest(Key(truth[0])) { NewPersonId = "syn-victim-joined" }, Analyst, "two rows", None)).Value!;
        first.Person.Version.ShouldBe(1);

        // The third list's row is linked afterwards: the cluster grows, and a new person for it is refused.
        await ClusterExactlyAsync(service, truth);
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;
        var second = await service.IdentifyAsync(new IdentifyRequest(Key(truth[2])), Analyst, "a second person?", None);
        second.Problems.Single().Problem.ShouldContain("already the person 'syn-victim-joined'");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size);

        var joined = await service.IdentifyAsync(new IdentifyRequest(Key(truth[2])) { PersonId = "syn-victim-joined" }, Analyst, "third list", None);

        joined.Problems.ShouldBeEmpty();
        joined.Value!.Created.ShouldBeFalse();
        joined.Value.Rows.Select(r => r.Key).ShouldBe([Key(truth[2])]);
        joined.Value.Person.Version.ShouldBe(2);
        ((Person)joined.Value.Person.Record).Sources.Count.ShouldBe(3);
        (await service.Lists.RowsOfPersonAsync("syn-victim-joined", None)).Count.ShouldBe(3);
        var again = await service.IdentifyAsync(new IdentifyRequest(Key(truth[0])) { PersonId = "syn-victim-joined" }, Analyst, "again", None);
        again.Problems.Single().Problem.ShouldContain("every row");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Refusals_write_nothing_and_say_why(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var truth = PersonOnEveryList();
        var keys = await ClusterExactlyAsync(service, truth);
        await test.Store.AppendAsync([Entries.RecordCreated.New(new RecordCreatedBody(new Person
        {
            Id = "real-person", Names = [new PersonName("Testname Realrecord", "Latn", NameKind.Full)],
        }), "analyst@test", DateTimeOffset.UnixEpoch, "a record that is not synthetic")], None);
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;

        var viewer = await service.IdentifyAsync(new IdentifyRequest(keys[0]), Viewer, "not mine to do", None);
        viewer.Refused.ShouldBeTrue();
        var audited = (await test.Store.GetTreeHeadAsync(None)).Size;
        audited.ShouldBe(size + 1);
        (await test.Store.RecentEntriesAsync(1, None))[0].Type.ShouldBe(EntryTypes.Denied);

        (await service.IdentifyAsync(new IdentifyRequest(keys[0]) { PersonId = "real-person" }, Analyst, "wrong", None))
            .Problems.Single().Problem.ShouldContain("invented (SYNTHETIC) rows never join it");
        (await service.IdentifyAsync(new IdentifyRequest(keys[0]) { Classification = Classification.ProtectedIdentity }, Analyst, "sealed?", None))
            .Problems.Single().Where.ShouldBe("classification");
        (await service.IdentifyAsync(new IdentifyRequest("list-ngo/no-such-row"), Analyst, "missing", None))
            .Problems.Single().Problem.ShouldContain("no list row");
        (await service.IdentifyAsync(new IdentifyRequest(keys[0]) { NewPersonId = "real-person" }, Analyst, "taken", None))
            .Problems.Single().Problem.ShouldContain("already exists");
        (await service.IdentifyAsync(new IdentifyRequest(keys[0]), Analyst, " ", None))
            .Problems.Single().Where.ShouldBe("reason");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(audited);
        (await service.Lists.PeopleOfRowsAsync(keys, None)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Rows_of_two_people_brought_into_one_cluster_are_refused_until_reviewed(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var truth = PersonOnEveryList();
        await ClusterExactlyAsync(service, truth.Take(1).ToList());
        await ClusterExactlyAsync(service, truth.Skip(1).Take(1).ToList());
        (await service.IdentifyAsync(new IdentifyRequest(Key(truth[0])) { NewPersonId = "syn-a" }, Analyst, "one", None)).Problems.ShouldBeEmpty();
        (await service.IdentifyAsync(new IdentifyRequest(Key(truth[1])) { NewPersonId = "syn-b" }, Analyst, "two", None)).Problems.ShouldBeEmpty();

        await ClusterExactlyAsync(service, truth);
        var both = await service.IdentifyAsync(new IdentifyRequest(Key(truth[2])) { PersonId = "syn-a" }, Analyst, "three", None);

        both.Problems.Single().Problem.ShouldContain("several people (syn-a, syn-b)");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_rows_of_a_retracted_person_can_be_identified_again(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var truth = PersonOnEveryList();
        var keys = await ClusterExactlyAsync(service, truth);
        (await service.IdentifyAsync(new IdentifyRequest(keys[0]) { NewPersonId = "syn-mistaken" }, Analyst, "first try", None)).Problems.ShouldBeEmpty();
        var workspace = new Dossier.Application.Workspace.WorkspaceService(test.Store, new FixedTime());
        (await workspace.RetractAsync("syn-mistaken", 1, Analyst, "identified from the wrong cluster", None)).Status
            .ShouldBe(Dossier.Application.Workspace.CommandStatus.Ok);

        var again = await service.IdentifyAsync(new IdentifyRequest(keys[0]) { NewPersonId = "syn-right" }, Analyst, "second try", None);

        again.Problems.ShouldBeEmpty();
        (await service.Lists.PeopleOfRowsAsync(keys, None)).Values.Distinct().ShouldBe(["syn-right"]);
        var before = await test.Store.DumpProjectionsAsync(None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Every_settled_cluster_becomes_one_person_in_one_append_and_clusters_under_review_wait(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await LinkedAsync(test);
        var keys = await ClusterExactlyAsync(service, PersonOnEveryList());
        var first = (await service.IdentifyAsync(new IdentifyRequest(keys[0]), Analyst, "one by hand", None)).Value!.Person.Id;
        (await service.IdentifySettledAsync(Classification.Internal, Viewer, "not mine to do", None)).Refused.ShouldBeTrue();
        var before = await test.Store.GetTreeHeadAsync(None);
        var heads = (await test.Store.ReadTreeHeadsAsync(None)).Count;

        var result = await service.IdentifySettledAsync(Classification.Internal, Analyst, "every settled cluster", None);

        result.Problems.ShouldBeEmpty();
        var made = result.Value!;
        // Every cluster is counted once: made, waiting for review, already a person, or mixed.
        var clusters = await service.Lists.ClustersAsync(None);
        var open = (await service.ReviewQueueAsync(includeDecided: false, None)).SelectMany(i => new[] { i.Pair.A, i.Pair.B }).ToHashSet(StringComparer.Ordinal);
        var waiting = open.Select(k => clusters[k]).Distinct(StringComparer.Ordinal).Count();
        made.LeftUncertain.ShouldBe(waiting);
        waiting.ShouldBeGreaterThan(0, "the lists should leave some pairs for review");
        made.LeftIdentified.ShouldBe(1);
        (made.Made.Count + made.LeftUncertain + made.LeftIdentified + made.LeftMixed).ShouldBe(clusters.Values.Distinct(StringComparer.Ordinal).Count());
        // One append: two entries a person, one tree head.
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(before.Size + (2 * made.Made.Count));
        (await test.Store.ReadTreeHeadsAsync(None)).Count.ShouldBe(heads + 1);
        made.Made.Select(m => m.PersonId).ShouldBeUnique();
        made.Made.ShouldNotContain(m => m.PersonId == first);
        foreach (var cluster in made.Made.Take(40))
        {
            var rows = cluster.Rows.Select(r => r.Key).ToList();
            (await service.Lists.ClusterOfAsync(rows[0], None))!.Rows.Select(r => r.Key).Order(StringComparer.Ordinal).ShouldBe(rows.Order(StringComparer.Ordinal));
            (await service.Lists.PeopleOfRowsAsync(rows, None)).Values.Distinct(StringComparer.Ordinal).ShouldBe([cluster.PersonId]);
            var person = (Person)(await test.Store.GetAsync(cluster.PersonId, None))!.Record;
            person.Classification.ShouldBe(Classification.Internal);
            person.Sources.ShouldBe(rows.Select(k => "list-" + k[5..k.IndexOf('/', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        }

        (await service.Lists.PeopleOfRowsAsync([.. open], None)).ShouldBeEmpty();
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;
        var again = (await service.IdentifySettledAsync(Classification.Internal, Analyst, "again", None)).Value!;
        again.Made.ShouldBeEmpty();
        again.LeftIdentified.ShouldBe(made.Made.Count + 1);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size);
        var dump = await test.Store.DumpProjectionsAsync(None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(dump);
    }
}
