using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Protection;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testimony;
using Dossier.Testimony.Synthetic;
using EngineStance = Dossier.Testimony.Stance;
using Stance = Dossier.Domain.Records.Stance;
using Record = Dossier.Domain.Records.Record;
using Statement = Dossier.Domain.Records.Statement;

namespace Dossier.Storage.Tests;

/// <summary>
/// Interviews, statements and allegations in the workspace (issue 14): the one door seals a protected witness's
/// words, erasure shreds them, withdrawn consent takes statements out of counts and exports, and the workspace's
/// lines and near-copies are those of the plain-file engines — measured against generated truth.
/// </summary>
[Collection(ScrubCollection.Name)]
public class TestimonyWorkspaceTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines@test", Role.Investigator);
    private const string Reason = "testimony test";

    // Words that occur nowhere else, so a byte search of the database files cannot hit by chance.
    private const string SealedWords = "Vorquillan the quartermaster whispered the list at dawn";
    private const string SealedTranslation = "ورکیلان تدارکات‌چی فهرست را سحرگاه زمزمه کرد";

    private static ProtectionService Protection(TestStore test) =>
        new(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());

    private static WorkspaceService Door(TestStore test, ProtectionService? protection) => new(test.Store, new FixedTime(), protection: protection);

    private static Consent Agreed => new() { SharedWith = ["team", "prosecutors"], For = ["prosecution"] };

    private static async Task<string> ProtectedWitnessAsync(ProtectionService protection)
    {
        var sealedResult = await protection.SealAsync(new SealRequest(SealedIdentityTests.Identity()) { Synthetic = true }, Investigator, Reason, None);
        sealedResult.Status.ShouldBe(SealStatus.Ok);
        return sealedResult.SubjectId!;
    }

    private static async Task BaseAsync(WorkspaceService door)
    {
        var errors = await door.CreateManyAsync(
        [
            new Person { Id = "accused", Names = [new PersonName("Accused (SYNTHETIC)", "Latn", NameKind.Full)], Synthetic = true },
            new Person { Id = "open-witness", Names = [new PersonName("Open witness (SYNTHETIC)", "Latn", NameKind.Full)], Synthetic = true },
            new Place { Id = "prison", Names = [new LocalizedName("Prison (SYNTHETIC)")] },
            new Place { Id = "corridor", Names = [new LocalizedName("Corridor (SYNTHETIC)")], ParentId = "prison" },
            new Place { Id = "other-prison", Names = [new LocalizedName("Other prison (SYNTHETIC)")] },
            new Event { Id = "killings", Title = "Killings (SYNTHETIC)", Date = FuzzyDate.Parse("1988-07-30..1988-08-16") },
            new Allegation { Id = "al-1", Text = "The accused was in the corridor (SYNTHETIC)", AccusedIds = ["accused"], PlaceId = "corridor", Time = FuzzyDate.Parse("1988-07-30") },
        ], Investigator, Reason, None);
        errors.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_protected_witnesss_words_are_sealed_on_the_way_in_opened_for_readers_and_shredded_with_the_witness(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        var door = Door(test, protection);
        await BaseAsync(door);
        var witness = await ProtectedWitnessAsync(protection);
        (await door.CreateAsync(new Interview { Id = "int-p", WitnessId = witness, Consent = Agreed, Classification = Classification.Restricted }, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);

        var created = await door.CreateAsync(new Statement
        {
            Id = "st-p",
            InterviewId = "int-p",
            Text = SealedWords,
            Translations = [new StatementTranslation("fa", SealedTranslation)],
            Allegations = [new StatementAllegation("al-1", Stance.Supports)],
            Classification = Classification.Restricted,
        }, Investigator, Reason, None);

        created.Status.ShouldBe(CommandStatus.Ok, string.Join("; ", created.Errors));
        var stored = (Statement)created.Record!.Record;
        stored.Text.ShouldBeNull();
        stored.Translations.ShouldBeEmpty();
        stored.Sealed.ShouldNotBeNull();
        var testimony = new TestimonyService(test.Store, protection);
        var view = await testimony.ViewAsync(stored, (Interview)(await test.Store.GetAsync("int-p", None))!.Record, None);
        (view.Access, view.Text, view.Translations.Single().Text).ShouldBe((StatementAccess.Opened, SealedWords, SealedTranslation));
        (await testimony.AnalyseAsync(Role.Analyst, None)).For("al-1")!.Supporting.Lines.Count.ShouldBe(1);
        // A viewer may not read restricted testimony: nothing of it is loaded for them.
        (await testimony.AnalyseAsync(Role.Viewer, None)).Statements.ShouldBeEmpty();
        // Without the key nothing opens, and the door refuses new words rather than write them in the clear.
        (await new TestimonyService(test.Store, null).ViewAsync(stored, view.Interview, None)).Access.ShouldBe(StatementAccess.KeyUnavailable);
        var keyless = await Door(test, null).CreateAsync(new Statement { Id = "st-q", InterviewId = "int-p", Text = "more words", Classification = Classification.Restricted }, Investigator, Reason, None);
        keyless.Errors.Single().Code.ShouldBe("seal-needs-key");

        (await protection.EraseAsync(witness, Investigator, "the witness withdrew consent", None)).Status.ShouldBe(UnsealStatus.Ok);

        var after = await testimony.AnalyseAsync(Role.Investigator, None);
        after.Statement("st-p")!.Access.ShouldBe(StatementAccess.Shredded);
        after.For("al-1")!.Supporting.Statements.ShouldBeEmpty();
        after.For("al-1")!.LeftOut.Select(s => s.Id).ShouldBe(["st-p"]);
        var secrets = SealedIdentityTests.Forms("statement", SealedWords).Concat(SealedIdentityTests.Forms("translation", SealedTranslation)).ToList();
        if (dialect == "sqlite")
        {
            WorkspaceStores.ReleaseSqliteFiles();
            var db = Path.Combine(test.Directory, WorkspaceStores.SqliteFileName);
            foreach (var file in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
            {
                SealedIdentityTests.AssertAbsent(file, await File.ReadAllBytesAsync(file), secrets);
            }
        }
        else
        {
            await RawSql.ExecuteAsync(test, "checkpoint");
            var oid = await RawSql.ScalarAsync(test, "select oid::text from pg_database where datname = current_database()");
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Dossier.Testing.PostgresCluster.Shared.DataDirectory, "base", oid)))
            {
                SealedIdentityTests.AssertAbsent(file, await File.ReadAllBytesAsync(file), secrets);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_door_keeps_a_protected_witnesss_testimony_classified_and_its_witness_fixed(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        var door = Door(test, protection);
        await BaseAsync(door);
        var witness = await ProtectedWitnessAsync(protection);

        var publicInterview = await door.CreateAsync(new Interview { Id = "int-p", WitnessId = witness, Consent = Agreed, Classification = Classification.Internal }, Investigator, Reason, None);
        var noConsent = await door.CreateAsync(new Interview { Id = "int-x", WitnessId = "open-witness", Consent = new Consent(), Classification = Classification.Internal }, Investigator, Reason, None);
        var badWord = await door.CreateAsync(new Interview { Id = "int-y", WitnessId = "open-witness", Consent = Agreed with { SharedWith = ["everyone"] } }, Investigator, Reason, None);
        var missingItem = await door.CreateAsync(new Interview
        {
            Id = "int-z", WitnessId = "open-witness", Consent = Agreed,
            Materials = [new InterviewMaterial(new string('a', 64), MaterialRole.Recording)],
        }, Investigator, Reason, None);

        publicInterview.Errors.Select(e => (e.Field, e.Code)).ShouldBe([("classification", "protected-testimony")]);
        noConsent.Errors.Select(e => e.Code).ShouldBe(["consent-needed"]);
        badWord.Errors.Select(e => (e.Field, e.Code)).ShouldBe([("consent.sharedWith[0]", "consent-word")]);
        missingItem.Errors.Select(e => (e.Field, e.Code)).ShouldBe([("materials[0].evidence", "evidence-missing")]);

        (await door.CreateAsync(new Interview { Id = "int-open", WitnessId = "open-witness", Consent = Agreed }, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);
        (await door.CreateAsync(new Statement { Id = "st-open", InterviewId = "int-open", Text = "I saw him." }, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);
        var forged = await door.CreateAsync(new Statement { Id = "st-forged", InterviewId = "int-open", Sealed = new SealedText("dek-0", "AA==", "AA==", "AA==") }, Investigator, Reason, None);
        var swapped = await door.ReviseAsync(new Interview { Id = "int-open", WitnessId = "accused", Consent = Agreed }, 1, Investigator, Reason, None);

        forged.Errors.Select(e => e.Code).ShouldBe(["sealed-unprotected"]);
        swapped.Errors.Select(e => (e.Field, e.Code)).ShouldBe([("witnessId", "witness-fixed")]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Withdrawn_consent_takes_statements_out_of_counts_and_exports_and_consent_scopes_exports(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        var door = Door(test, protection);
        await BaseAsync(door);
        var witness = await ProtectedWitnessAsync(protection);
        var records = new List<Record>
        {
            new Interview { Id = "int-a", WitnessId = "open-witness", Consent = Agreed with { SharedWith = ["team", "prosecutors", "public"], For = ["prosecution", "publication"] } },
            new Statement { Id = "st-a", InterviewId = "int-a", Text = "I saw the accused in the corridor.", Allegations = [new("al-1", Stance.Supports)] },
            new Interview { Id = "int-b", WitnessId = "accused", Consent = Agreed },
            new Statement { Id = "st-b", InterviewId = "int-b", Text = "I was never there.", Allegations = [new("al-1", Stance.Contradicts)] },
            new Interview { Id = "int-p", WitnessId = witness, Consent = Agreed, Classification = Classification.Restricted },
            new Statement { Id = "st-p", InterviewId = "int-p", Text = SealedWords, Allegations = [new("al-1", Stance.Supports)], Classification = Classification.Restricted },
        };
        (await door.CreateManyAsync(records, Investigator, Reason, None)).ShouldBeEmpty();
        var testimony = new TestimonyService(test.Store, protection);
        (await testimony.AnalyseAsync(Role.Investigator, None)).For("al-1")!.Supporting.Lines.Count.ShouldBe(2);

        var withdrawn = (Interview)records[2] with { Consent = Agreed with { Withdrawn = FuzzyDate.Parse("2024-01-01") } };
        (await door.ReviseAsync(withdrawn, 1, Investigator, Reason, None)).Status.ShouldBe(CommandStatus.Ok);

        var report = (await testimony.AnalyseAsync(Role.Investigator, None)).For("al-1")!;
        report.Contradicting.Statements.ShouldBeEmpty();
        report.LeftOut.Select(s => (s.Id, TestimonyJson.WhyLeftOut(s))).ShouldBe([("st-b", "withdrawn")]);
        report.Contradictions.ShouldBeEmpty();

        var everything = await ExportAsync(test, null);
        everything.Text.ShouldContain("st-a");
        everything.Text.ShouldNotContain("st-b");
        everything.Text.ShouldNotContain("I was never there");
        everything.Text.ShouldContain("st-p");
        everything.Text.ShouldNotContain("ciphertext");
        everything.Summary.WithheldStatements.ShouldBe(1);
        var published = await ExportAsync(test, new ConsentScope("public", "publication"));
        published.Text.ShouldContain("st-a");
        published.Text.ShouldNotContain("st-p");
        published.Summary.WithheldStatements.ShouldBe(2);
    }

    private static async Task<(string Text, ExportSummary Summary)> ExportAsync(TestStore test, ConsentScope? scope)
    {
        var writer = new StringWriter();
        var summary = await WorkspaceExchange.ExportAsync(test.Store, writer, yaml: false, include: null, None, scope);
        return (writer.ToString(), summary);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Contradictions_name_one_person_in_two_places_at_once_and_incompatible_dates_of_an_event(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var door = Door(test, null);
        await BaseAsync(door);
        var day = FuzzyDate.Parse("1988-07-30");
        Interview InterviewOf(string id, string witness) => new() { Id = id, WitnessId = witness, Consent = Agreed };
        (await door.CreateManyAsync(
        [
            new Person { Id = "w-a", Names = [new PersonName("A (SYNTHETIC)", "Latn", NameKind.Full)] },
            new Person { Id = "w-b", Names = [new PersonName("B (SYNTHETIC)", "Latn", NameKind.Full)] },
            new Person { Id = "w-c", Names = [new PersonName("C (SYNTHETIC)", "Latn", NameKind.Full)] },
            InterviewOf("i-a", "w-a"), InterviewOf("i-b", "w-b"), InterviewOf("i-c", "w-c"),
            // Supports al-1, whose place (the corridor) and day put the accused in the corridor.
            new Statement { Id = "s-a", InterviewId = "i-a", Text = "He was in the corridor.", Allegations = [new("al-1", Stance.Supports)], EventIds = ["killings"], Time = day },
            // The prison holds the corridor: no contradiction with s-a.
            new Statement { Id = "s-b", InterviewId = "i-b", Text = "He was at the prison.", PersonIds = ["accused"], PlaceIds = ["prison"], Time = day },
            // Another prison on the same day: a contradiction; and a date outside the event's, and before the others.
            new Statement { Id = "s-c", InterviewId = "i-c", Text = "He was elsewhere.", PersonIds = ["accused"], PlaceIds = ["other-prison"], Time = day },
            new Statement { Id = "s-d", InterviewId = "i-c", Text = "It began in June.", EventIds = ["killings"], Time = FuzzyDate.Parse("1988-06") },
        ], Investigator, Reason, None)).ShouldBeEmpty();

        var report = await new TestimonyService(test.Store, null).AnalyseAsync(Role.Investigator, None);

        var places = report.Contradictions.Where(c => c.Kind == ContradictionKind.TwoPlacesAtOnce).ShouldHaveSingleItem();
        places.PersonId.ShouldBe("accused");
        places.StatementIds.Zip(places.PlaceIds).ShouldBe([("s-a", "corridor"), ("s-c", "other-prison"), ("s-b", "prison")]);
        places.AllegationIds.ShouldBe(["al-1"]);
        var dates = report.Contradictions.Where(c => c.Kind == ContradictionKind.EventDates).ToList();
        dates.Select(d => string.Join(",", d.StatementIds)).ShouldBe(["s-d", "s-d,s-a"]);
        report.For("al-1")!.Contradictions.Select(c => c.Kind).ShouldBe([ContradictionKind.TwoPlacesAtOnce, ContradictionKind.EventDates]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Workspace_lines_and_near_copies_match_the_plain_file_engines_and_the_generated_truth(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = Protection(test);
        var door = Door(test, protection);
        var generated = TestimonyGenerator.Generate(new SyntheticTestimonyOptions { Seed = 14, Allegations = 12 });
        var witnesses = generated.Statements.Select(s => s.WitnessId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // Every third witness is protected: their words go through the seal and must be analysed all the same.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = new List<Record>();
        for (var i = 0; i < witnesses.Count; i++)
        {
            if (i % 3 == 0)
            {
                ids[witnesses[i]] = (await protection.SealAsync(new SealRequest(SealedIdentityTests.Identity($"Invented {i}", $"ساختگی {i}")) { Synthetic = true }, Investigator, Reason, None)).SubjectId!;
            }
            else
            {
                ids[witnesses[i]] = $"wit-{i}";
                records.Add(new Person { Id = $"wit-{i}", Names = [new PersonName(witnesses[i], "Latn", NameKind.Full)], Synthetic = true });
            }
        }

        records.AddRange(generated.Statements.Select(s => s.AllegationId).Distinct(StringComparer.Ordinal)
            .Select(a => new Allegation { Id = a, Text = $"Allegation {a} (SYNTHETIC)", Synthetic = true }));
        foreach (var statement in generated.Statements)
        {
            var restricted = ids[statement.WitnessId].StartsWith("w-", StringComparison.Ordinal) ? Classification.Restricted : Classification.Internal;
            records.Add(new Interview
            {
                Id = "int-" + statement.Id, WitnessId = ids[statement.WitnessId], Interviewer = statement.Interviewer,
                Intermediary = statement.Intermediary.Length == 0 ? null : statement.Intermediary, Consent = Agreed, Classification = restricted, Synthetic = true,
            });
            records.Add(new Statement
            {
                Id = statement.Id, InterviewId = "int-" + statement.Id, Text = statement.Text, Language = statement.Language,
                Allegations = [new(statement.AllegationId, statement.Stance == EngineStance.Supports ? Stance.Supports : Stance.Contradicts)],
                Classification = restricted, Synthetic = true,
            });
        }

        (await door.CreateManyAsync(records, Investigator, Reason, None)).ShouldBeEmpty();

        var report = await new TestimonyService(test.Store, protection).AnalyseAsync(Role.Investigator, None);

        var plainCopies = new NearCopyDetector().Find(generated.Statements);
        var plainLines = IndependentLines.Count(generated.Statements, plainCopies);
        report.NearCopies.Select(c => (c.LeftId, c.RightId)).ShouldBe(plainCopies.Select(c => (c.LeftId, c.RightId)), ignoreOrder: true);
        var workspaceLines = report.Allegations.SelectMany(a => new[] { a.Supporting, a.Contradicting }).ToList();
        workspaceLines.Where(l => l.Statements.Count > 0).Select(l => (l.AllegationId, l.Stance, l.Lines.Count))
            .ShouldBe(plainLines.Where(l => l.Statements.Count > 0).Select(l => (l.AllegationId, l.Stance, l.Lines.Count)), ignoreOrder: true);
        var evaluation = TestimonyEvaluation.Of(report.NearCopies, workspaceLines, generated.NearCopies, generated.Lines);
        evaluation.Precision.ShouldBeGreaterThanOrEqualTo(0.95);
        evaluation.Recall.ShouldBeGreaterThanOrEqualTo(0.95);
        evaluation.ExactLineShare.ShouldBeGreaterThanOrEqualTo(0.95);
        report.Statements.Count(s => s.Access == StatementAccess.Opened).ShouldBeGreaterThan(0);
    }
}
