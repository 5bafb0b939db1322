using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testing;
using Record = Dossier.Domain.Records.Record;
using Statement = Dossier.Domain.Records.Statement;

namespace Dossier.Storage.Tests;

/// <summary>
/// The one matching semantics of docs/search.md (issue 18 §11), on both databases: what counts as a hit, the order of
/// the tiers, classification filtering before the limit, and which words beyond names are found — and never sealed or
/// withdrawn ones.
/// </summary>
[Collection(ScrubCollection.Name)]
public class SearchSemanticsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines@test", Role.Investigator);
    private const string Reason = "search semantics test";

    private static readonly (string Latin, string Persian)[] Given =
        [("Hamid", "حمید"), ("Mohammad", "محمد"), ("Reza", "رضا"), ("Fatemeh", "فاطمه"), ("Hossein", "حسین"), ("Maryam", "مریم")];

    private static readonly (string Latin, string Persian)[] Family =
        [("Nouri", "نوری"), ("Noury", "نوری"), ("Rezaei", "رضایی"), ("Hosseini", "حسینی"), ("Pourmohammadi", "پورمحمدی"), ("Nourizadeh", "نوری‌زاده"), ("Jafari", "جعفری")];

    private static readonly string[] Queries =
        ["Nouri", "Noury", "نوری", "Nuri", "Nour", "Hoseini", "حسینی", "Mohamad Rezaei", "محمد رضایی", "Pour-Mohammadi", "fatemeh jafari", "Gohardasht", "zzzz"];

    /// <summary>240 people of six given and seven family names, in one script or both, a fifth real, classifications mixed; fixed seed.</summary>
    private static List<Record> People()
    {
        var random = new Random(1811);
        var people = new List<Record>();
        for (var k = 0; k < 240; k++)
        {
            var (given, family) = (Given[random.Next(Given.Length)], Family[random.Next(Family.Length)]);
            var script = random.Next(3);
            List<PersonName> names = script switch
            {
                0 => [new PersonName($"{given.Latin} {family.Latin}", "Latn", NameKind.Full)],
                1 => [new PersonName($"{given.Persian} {family.Persian}", "Arab", NameKind.Full)],
                _ => [new PersonName($"{given.Latin} {family.Latin}", "Latn", NameKind.Full), new PersonName($"{given.Persian} {family.Persian}", "Arab", NameKind.Full)],
            };
            people.Add(new Person
            {
                Id = $"p{k:D3}",
                Names = names,
                Synthetic = k % 5 != 0,
                Classification = (Classification)random.Next(4),
                Notes = k % 17 == 0 ? "Seen at Gohardasht in the summer of 1988 (SYNTHETIC)" : null,
            });
        }

        return people;
    }

    [Fact]
    public async Task Cross_script_queries_give_the_same_hits_in_the_same_order_on_SQLite_and_PostgreSQL()
    {
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        // As Dialects.All: PostgreSQL where a cluster can start here, and always under CI.
        string[] dialects = PostgresCluster.IsAvailable || TestEnvironment.IsCi ? ["sqlite", "postgres"] : ["sqlite"];
        foreach (var dialect in dialects)
        {
            await using var test = await TestStore.OpenAsync(dialect);
            (await test.Service().CreateManyAsync(People(), Investigator, Reason, None)).ShouldBeEmpty();
            var lines = new List<string>();
            foreach (var query in Queries)
            {
                foreach (var ceiling in new[] { Classification.Public, Classification.ProtectedIdentity })
                {
                    var hits = await test.Store.SearchAsync(new SearchQuery(query, Limit: 30) { Ceiling = ceiling }, None);
                    hits.ShouldAllBe(h => h.Classification <= ceiling);
                    lines.Add($"{query} @{ceiling}: " + string.Join(' ', hits.Select(h => $"{h.Id}/{h.Rank}")));
                }
            }

            answers[dialect] = lines;
        }

        var sqlite = answers["sqlite"];
        // The queries are not vacuous: names in either script meet, spelling variants meet, and nothing meets nonsense.
        sqlite.Single(l => l.StartsWith("نوری @ProtectedIdentity", StringComparison.Ordinal)).Split(' ').Length.ShouldBeGreaterThan(20);
        sqlite.Single(l => l.StartsWith("zzzz @ProtectedIdentity", StringComparison.Ordinal)).ShouldBe("zzzz @ProtectedIdentity: ");
        sqlite.Single(l => l.StartsWith("Gohardasht @ProtectedIdentity", StringComparison.Ordinal)).ShouldContain("/1");
        if (answers.TryGetValue("postgres", out var postgres))
        {
            postgres.ShouldBe(sqlite);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Hits_come_exact_name_then_sounds_alike_then_name_beginning_then_other_text(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        // Created in the reverse of the tier order, so ledger order alone would give the opposite answer.
        (await test.Service().CreateManyAsync(
        [
            new Person { Id = "in-notes", Names = [new PersonName("Reza Karimi", "Latn", NameKind.Full)], Notes = "Shared a cell with Nouri in 1988." },
            new Person { Id = "begins", Names = [new PersonName("Ali Nourizadeh", "Latn", NameKind.Full)] },
            new Person { Id = "sounds", Names = [new PersonName("Hamid Noury", "Latn", NameKind.Full)] },
            new Person { Id = "exact-persian", Names = [new PersonName("حمید نوری", "Arab", NameKind.Full)] },
            new Person { Id = "exact", Names = [new PersonName("Hamid Nouri", "Latn", NameKind.Full)] },
            new Person { Id = "synthetic-exact", Names = [new PersonName("Hamid Nouri", "Latn", NameKind.Full)], Synthetic = true },
        ], Investigator, Reason, None)).ShouldBeEmpty();

        var hits = await test.Store.SearchAsync(new SearchQuery("Nouri"), None);

        hits.Select(h => (h.Id, h.Rank)).ShouldBe([
            ("exact-persian", MatchTiers.Rank(MatchTier.ExactName)),
            ("exact", MatchTiers.Rank(MatchTier.ExactName)),
            ("sounds", MatchTiers.Rank(MatchTier.SoundsLikeName)),
            ("begins", MatchTiers.Rank(MatchTier.NameBeginning)),
            ("in-notes", MatchTiers.Rank(MatchTier.AnyText)),
            ("synthetic-exact", MatchTiers.Rank(MatchTier.ExactName)),
        ]);
        (await test.Store.SearchAsync(new SearchQuery("Nouri", Limit: 2), None)).Select(h => h.Id).ShouldBe(["exact-persian", "exact"]);
        (await test.Store.SearchAsync(new SearchQuery("Nouri", RecordKind.Event), None)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_public_reader_gets_its_hits_when_hundreds_of_restricted_records_come_first(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        // The restricted rows are short and the public ones long, so a text ranking (BM25) puts every restricted one first
        // too: what SQLite did when it ranked the best 400 matches and filtered them afterwards.
        var restricted = Enumerable.Range(0, 450).Select(i => (Record)new Person
        {
            Id = $"r{i:D3}",
            Names = [new PersonName("Nouri", "Latn", NameKind.Full)],
            Classification = Classification.Restricted,
        });
        var open = Enumerable.Range(0, 3).Select(i => (Record)new Person
        {
            Id = $"open{i}",
            Names = [new PersonName("Hamid Mahmoud Nouri Tehrani", "Latn", NameKind.Full), new PersonName("حمید محمود نوری تهرانی", "Arab", NameKind.Full)],
        });
        (await test.Service().CreateManyAsync([.. restricted, .. open], Investigator, Reason, None)).ShouldBeEmpty();

        var asPublic = await new RecordAccess(test.Store, new AuditTrail(test.Store, new FixedTime()), null).SearchAsync(new SearchQuery("Nouri"), None);
        var asInvestigator = await test.Store.SearchAsync(new SearchQuery("Nouri"), None);

        asPublic.Select(h => h.Id).ShouldBe(["open0", "open1", "open2"]);
        asInvestigator.Count.ShouldBe(20);
        asInvestigator.ShouldAllBe(h => h.Id.StartsWith('r'));
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Notes_descriptions_and_open_statements_are_found_and_sealed_or_withdrawn_words_never(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());
        var door = new WorkspaceService(test.Store, new FixedTime(), protection: protection);
        var witness = (await protection.SealAsync(new SealRequest(SealedIdentityTests.Identity()) { Synthetic = true }, Investigator, Reason, None)).SubjectId!;
        var agreed = new Consent { SharedWith = ["team"], For = ["documentation"] };
        (await door.CreateManyAsync(
        [
            new Event { Id = "ev", Title = "Transfers (SYNTHETIC)", Description = "Prisoners were moved to Qezelhesar at night." },
            new Organization { Id = "org", Names = [new LocalizedName("Committee (SYNTHETIC)")], Description = "کمیته در زندان اوین" },
            new Person { Id = "open-witness", Names = [new PersonName("Open witness (SYNTHETIC)", "Latn", NameKind.Full)] },
            new Person { Id = "later-witness", Names = [new PersonName("Later witness (SYNTHETIC)", "Latn", NameKind.Full)] },
            new Interview { Id = "int-open", WitnessId = "open-witness", Consent = agreed },
            new Interview { Id = "int-later", WitnessId = "later-witness", Consent = agreed },
            new Interview { Id = "int-p", WitnessId = witness, Consent = agreed, Classification = Classification.Restricted },
            new Statement { Id = "st-open", InterviewId = "int-open", Text = "The guard called himself Marzbanian." },
            new Statement { Id = "st-later", InterviewId = "int-later", Text = "I heard Tavakkolizadeh read the names." },
            new Statement { Id = "st-p", InterviewId = "int-p", Text = "Vorquillan read the list at dawn.", Classification = Classification.Restricted },
        ], Investigator, Reason, None)).ShouldBeEmpty();
        ((Statement)(await test.Store.GetAsync("st-p", None))!.Record).Sealed.ShouldNotBeNull();

        async Task<IEnumerable<string>> Find(string query) => (await test.Store.SearchAsync(new SearchQuery(query), None)).Select(h => h.Id);

        (await Find("Qezelhesar")).ShouldBe(["ev"]);
        (await Find("قزل‌حصار")).ShouldBe(["ev"]);
        (await Find("Evin")).ShouldBe(["org"]);
        (await Find("Marzbanian")).ShouldBe(["st-open"]);
        (await Find("Tavakkolizadeh")).ShouldBe(["st-later"]);
        (await Find("Vorquillan")).ShouldBeEmpty();

        // Consent withdrawn: the statement's words are shown nowhere, so they are found nowhere — and again once restored.
        var later = (Interview)(await test.Store.GetAsync("int-later", None))!.Record;
        (await door.ReviseAsync(later with { Consent = agreed with { Withdrawn = FuzzyDate.Parse("2024-03-01") } }, 1, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);
        (await Find("Tavakkolizadeh")).ShouldBeEmpty();
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();
        (await door.ReviseAsync(later, 2, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);
        (await Find("Tavakkolizadeh")).ShouldBe(["st-later"]);
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_store_asked_to_reindex_writes_the_search_rows_again_from_the_records(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        (await test.Service().CreateManyAsync(People(), Investigator, Reason, None)).ShouldBeEmpty();
        var before = await test.Store.DumpProjectionsAsync(None);
        var hits = await test.Store.SearchAsync(new SearchQuery("نوری", Limit: 50), None);

        // What migration 0014 leaves in an existing workspace: an empty index and a request to fill it.
        await RawSql.ExecuteAsync(test, "delete from search_index; insert into search_reindex (reason) values ('test')");
        (await test.Store.SearchAsync(new SearchQuery("نوری"), None)).ShouldBeEmpty();
        await using var reopened = await WorkspaceStores.OpenAsync(test.Directory, test.Database, None);

        (await reopened.SearchAsync(new SearchQuery("نوری", Limit: 50), None)).ShouldBe(hits);
        (await reopened.DumpProjectionsAsync(None)).ShouldBe(before);
        (await reopened.CompareWithReplayAsync(null, None)).ShouldBeNull();
    }
}
