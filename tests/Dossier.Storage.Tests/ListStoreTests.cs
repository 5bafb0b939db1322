using Dossier.Application.Access;
using System.Text;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Synthesis;

namespace Dossier.Storage.Tests;

/// <summary>Victim lists, linkage runs, decisions and clusters on both databases.</summary>
public class ListStoreTests
{
    private static readonly Principal Analyst = new("analyst@test", Role.Investigator);
    private const string AnalystReason = "test lists";
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Three SYNTHETIC lists drawn from 300 invented people, as CSV bytes by list id (with the invented person's id, an ignored column, when asked).</summary>
    internal static IReadOnlyDictionary<string, byte[]> SyntheticLists(bool withPersonId = false)
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 300 }, seed: 7);
        return ListSampler.Sample(population, SyntheticPresets.ThreeLists, seed: 11)
            .GroupBy(r => r.ListId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                using var csv = new StringWriter(new StringBuilder());
                SyntheticCsv.WriteRecords(csv, g, withPersonId);
                return Encoding.UTF8.GetBytes(csv.ToString());
            }, StringComparer.Ordinal);
    }

    private static async Task<ListService> ImportedAsync(TestStore test)
    {
        var service = new ListService(test.Store, new FixedTime());
        foreach (var (id, csv) in SyntheticLists())
        {
            var result = await service.ImportAsync(new ListImportRequest { Csv = csv, FileName = id + ".csv", SourceId = "list-" + id }, Analyst, AnalystReason, None);
            result.Problems.ShouldBeEmpty();
        }

        return service;
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task An_imported_list_is_a_synthetic_source_with_every_row_as_written(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await ImportedAsync(test);
        var files = SyntheticLists();

        var lists = await service.Lists.ListsAsync(None);
        lists.Select(l => l.ListId).ShouldBe(["list-families", "list-ngo", "list-prisoners"]);
        lists.ShouldAllBe(l => l.Synthetic);
        var source = (Source)(await test.Store.GetAsync("list-ngo", None))!.Record;
        source.Synthetic.ShouldBeTrue();
        source.Title.ShouldContain("SYNTHETIC");
        var rows = await service.Lists.RowsOfAsync(["list-ngo"], None);
        var lines = Encoding.UTF8.GetString(files["ngo"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows.Count.ShouldBe(lines.Length - 1);
        rows.ShouldAllBe(r => r.Synthetic);
        // Row 1 of the file comes back field for field, Persian script untouched.
        var header = lines[0].Split(',');
        var first = lines[1].Split(',');
        rows[0].Line.ShouldBe(2);
        for (var c = 0; c < header.Length; c++)
        {
            rows[0].Values[header[c]].ShouldBe(first[c]);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_list_with_a_duplicate_id_writes_nothing_and_names_the_line(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new ListService(test.Store, new FixedTime());
        var csv = "record_id,given_name,family_name\nr1,Hamid,Nouri\nr2,Hamid,Noury\nr1,حمید,نوری\n"u8.ToArray();

        var result = await service.ImportAsync(new ListImportRequest { Csv = csv, FileName = "bad.csv", SourceId = "bad-list" }, Analyst, AnalystReason, None);

        result.Ok.ShouldBeFalse();
        result.Problems.Single().ToString().ShouldBe("bad.csv, line 4, column 'record_id': the id 'r1' was already used on line 2");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
        (await test.Store.GetAsync("bad-list", None)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_list_is_never_imported_twice_under_one_source(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await ImportedAsync(test);
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;

        var again = await service.ImportAsync(new ListImportRequest { Csv = SyntheticLists()["ngo"], FileName = "ngo.csv", SourceId = "list-ngo" }, Analyst, AnalystReason, None);

        again.Problems.Single().Problem.ShouldContain("already imported");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Decisions_change_the_clusters_and_a_rebuild_gives_identical_tables(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = await ImportedAsync(test);
        var run = await service.LinkAsync(new LinkRequest(), Analyst, AnalystReason, null, None);
        run.Problems.ShouldBeEmpty();
        var asRun = await service.Lists.ClustersAsync(None);
        asRun.Count.ShouldBe(run.Value!.Rows);
        asRun.Values.Distinct().Count().ShouldBe(run.Value.Clusters);

        // Reject two rows the run joined: they part. Accept two rows it kept apart: they join.
        var joined = asRun.GroupBy(p => p.Value).First(g => g.Count() >= 2).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var apart = asRun.Keys.Order(StringComparer.Ordinal).Where(k => asRun[k] != asRun[joined[0]]).Take(1).Append(joined[0]).ToList();
        (await service.DecideAsync(joined[0], joined[1], LinkageVerdict.Reject, Analyst, "different fathers", None)).Problems.ShouldBeEmpty();
        var afterReject = await service.Lists.ClustersAsync(None);
        afterReject[joined[0]].ShouldNotBe(afterReject[joined[1]]);
        (await service.DecideAsync(apart[0], apart[1], LinkageVerdict.Accept, Analyst, "same person", None)).Problems.ShouldBeEmpty();
        var afterAccept = await service.Lists.ClustersAsync(None);
        afterAccept[apart[0]].ShouldBe(afterAccept[apart[1]]);
        var cluster = await service.Lists.ClusterOfAsync(apart[0], None);
        cluster!.Rows.Select(r => r.Key).ShouldContain(apart[1]);
        cluster.Decisions.Count.ShouldBeGreaterThanOrEqualTo(1);

        // Capture histories count each current cluster once.
        var histories = await service.HistoriesAsync(null, null, None);
        histories.Problems.ShouldBeEmpty();
        var counted = histories.Value!.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => long.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture));
        counted.ShouldBe(afterAccept.Values.Distinct().Count());
        histories.Value.Synthetic.ShouldBeTrue();

        var before = await test.Store.DumpProjectionsAsync(None);
        before.ShouldContain(joined[1]);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Strata_are_read_across_scripts_and_the_grouping_is_shown(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new ListService(test.Store, new FixedTime());
        var latin = "record_id,name,prison,synthetic\nl1,Hamid Nouri,Evin,SYNTHETIC\nl2,Ali Karimi,Evin,SYNTHETIC\nl3,Maryam Rezaei,Gohardasht,SYNTHETIC\n";
        var persian = "record_id,name,prison,synthetic\np1,زهرا احمدی,اوین,SYNTHETIC\np2,رضا تهرانی,گوهردشت,SYNTHETIC\np3,لیلا صادقی,گوهردشت,SYNTHETIC\n";
        foreach (var (id, csv) in new[] { ("latin", latin), ("persian", persian) })
        {
            (await service.ImportAsync(new ListImportRequest { Csv = Encoding.UTF8.GetBytes(csv), FileName = id + ".csv", SourceId = "list-" + id, Synthetic = true }, Analyst, AnalystReason, None)).Problems.ShouldBeEmpty();
        }

        (await service.LinkAsync(new LinkRequest(), Analyst, AnalystReason, null, None)).Problems.ShouldBeEmpty();
        var histories = (await service.HistoriesAsync(null, "prison", None)).Value!;

        // Six people, two prisons: each stratum is named by its most frequent spelling, ties by ordinal order.
        var strata = histories.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[2]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        strata.ShouldBe(["Evin", "گوهردشت"]);
        histories.StrataGroups.Select(g => (g.Stratum, string.Join('|', g.Spellings))).ShouldBe([("Evin", "Evin|اوین"), ("گوهردشت", "گوهردشت|Gohardasht")]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Column_roles_can_be_changed_after_import_and_the_change_is_a_ledger_entry_a_rebuild_replays(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = new ListService(test.Store, new FixedTime());
        var csv = "record_id,first,surname,hanged_on,synthetic\nr1,Hamid,Nouri,1367/05/08,SYNTHETIC\nr2,Ali,Karimi,1367/05/09,SYNTHETIC\n";
        (await service.ImportAsync(new ListImportRequest { Csv = Encoding.UTF8.GetBytes(csv), FileName = "l.csv", SourceId = "list-l", Fields = "given=first,family=surname", Synthetic = true }, Analyst, AnalystReason, None)).Problems.ShouldBeEmpty();

        var unknown = await service.ChangeFieldsAsync("list-l", "given=first,family=surname,death-date=executed", Analyst, "typo", None);
        var nameless = await service.ChangeFieldsAsync("list-l", "death-date=hanged_on", Analyst, "no name", None);
        var viewer = await service.ChangeFieldsAsync("list-l", "given=first", new Principal("vera", Role.Viewer), "try", None);
        var changed = await service.ChangeFieldsAsync("list-l", "given=first,family=surname,death-date=hanged_on", Analyst, "the death date column was not detected", None);

        unknown.Problems.Single().Problem.ShouldContain("no column 'executed'");
        nameless.Problems.Single().Problem.ShouldContain("no column would hold a name");
        viewer.Refused.ShouldBeTrue();
        changed.Problems.ShouldBeEmpty();
        changed.Value!.Fields.ShouldContain(new ListField("hanged_on", "death-date"));
        var before = await test.Store.DumpProjectionsAsync(None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        (await service.Lists.GetListAsync("list-l", None))!.Fields.ShouldContain(new ListField("hanged_on", "death-date"));
    }
}
