using System.Diagnostics;
using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Storage;
using Dossier.Testimony;
using Dossier.Testimony.Synthetic;
using EngineStance = Dossier.Testimony.Stance;
using Stance = Dossier.Domain.Records.Stance;
using Statement = Dossier.Domain.Records.Statement;

namespace Dossier.Benchmarks.Testimony;

/// <summary>
/// <c>e2e testimony-workspace [statements] [seed] [protected-every]</c>: the same SYNTHETIC statements as
/// <c>e2e testimony</c>, written into a SQLite workspace as interviews and statements (every Nth witness protected,
/// so their words go through the seal), then analysed by the workspace's testimony service as a page would:
/// load, open sealed words, near-copies, lines, contradictions. Prints times and the engines' accuracy.
/// </summary>
public static class TestimonyWorkspaceRun
{
    public static int Run(string[] args)
    {
        var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1988;
        var protectedEvery = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        RunAsync(target, seed, protectedEvery).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(int target, int seed, int protectedEvery)
    {
        var none = CancellationToken.None;
        var by = new Principal("bench@local", Role.Investigator);
        var set = TestimonyGenerator.Generate(new SyntheticTestimonyOptions { Seed = seed, Allegations = Math.Max(1, (int)(target / 8.1)) });
        var directory = Path.Combine(Path.GetTempPath(), $"dossier-testimony-ws-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            await using var store = await WorkspaceStores.OpenAsync(directory, null, none);
            var protection = new ProtectionService(store, MasterKeyStore.ForWorkspace(directory), TimeProvider.System);
            var door = new WorkspaceService(store, TimeProvider.System, protection: protection);
            var clock = Stopwatch.StartNew();
            var witnesses = set.Statements.Select(s => s.WitnessId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var records = new List<Record>();
            for (var i = 0; i < witnesses.Count; i++)
            {
                if (i % protectedEvery == 0)
                {
                    var identity = new SealedIdentity { Names = [new PersonName($"Invented witness {i}", "Latn", NameKind.Full)], Synthetic = true };
                    ids[witnesses[i]] = (await protection.SealAsync(new SealRequest(identity) { Synthetic = true }, by, "benchmark", none)).SubjectId!;
                }
                else
                {
                    ids[witnesses[i]] = $"wit-{i}";
                    records.Add(new Person { Id = $"wit-{i}", Names = [new PersonName(witnesses[i], "Latn", NameKind.Full)], Synthetic = true });
                }
            }

            var sealedAt = clock.Elapsed;
            records.AddRange(set.Statements.Select(s => s.AllegationId).Distinct(StringComparer.Ordinal)
                .Select(a => new Allegation { Id = a, Text = $"SYNTHETIC allegation {a}", Synthetic = true, Classification = Classification.Internal }));
            foreach (var s in set.Statements)
            {
                var classification = ids[s.WitnessId].StartsWith("w-", StringComparison.Ordinal) ? Classification.Restricted : Classification.Internal;
                records.Add(new Interview
                {
                    Id = "int-" + s.Id, WitnessId = ids[s.WitnessId], Interviewer = s.Interviewer, Intermediary = s.Intermediary.Length == 0 ? null : s.Intermediary,
                    Consent = new Consent { SharedWith = ["team"], For = ["documentation"] }, Classification = classification, Synthetic = true,
                });
                records.Add(new Statement
                {
                    Id = s.Id, InterviewId = "int-" + s.Id, Text = s.Text, Language = s.Language, Classification = classification, Synthetic = true,
                    Allegations = [new(s.AllegationId, s.Stance == EngineStance.Supports ? Stance.Supports : Stance.Contradicts)],
                });
            }

            clock.Restart();
            var errors = await door.CreateManyAsync(records, by, "benchmark", none);
            var imported = clock.Elapsed;
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Take(5)));
            }

            clock.Restart();
            var report = await new TestimonyService(store, protection).AnalyseAsync(Role.Investigator, none);
            var analysed = clock.Elapsed;
            clock.Restart();
            var again = await new TestimonyService(store, protection).AnalyseAsync(Role.Investigator, none);
            var analysedAgain = clock.Elapsed;
            // The near-copy search alone, on the words the analysis compared: the share of a page view a cache of pairs would save.
            clock.Restart();
            var counted = report.Statements.Where(s => s.Counted).Select(s => s.Text ?? string.Empty).ToArray();
            new NearCopyDetector().FindIndexes(counted, out _);
            var detection = clock.Elapsed;

            var lines = report.Allegations.SelectMany(a => new[] { a.Supporting, a.Contradicting }).ToList();
            var evaluation = TestimonyEvaluation.Of(report.NearCopies, lines, set.NearCopies, set.Lines);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                statements            {report.Statements.Count:N0} ({report.Statements.Count(s => s.Access == StatementAccess.Opened):N0} sealed and opened), {witnesses.Count:N0} witnesses ({ids.Values.Count(v => v.StartsWith("w-", StringComparison.Ordinal)):N0} protected), cores {Environment.ProcessorCount}
                sealing identities    {sealedAt.TotalSeconds:N1} s
                import (one door)     {imported.TotalSeconds:N1} s, {records.Count / imported.TotalSeconds:N0} records/s (statements of protected witnesses sealed on the way)
                analyse (page view)   {analysed.TotalSeconds:N2} s first, {analysedAgain.TotalSeconds:N2} s again ({again.NearCopies.Count:N0} near-copies)
                near-copy search      {detection.TotalSeconds:N2} s of it ({counted.Length:N0} statements compared)
                near-copies           precision {evaluation.Precision:N4}, recall {evaluation.Recall:N4}
                exact line counts     {evaluation.ExactAllegations:N0} / {evaluation.Allegations:N0} ({evaluation.ExactLineShare:P2})
                contradictions        {report.Contradictions.Count:N0}
                """));
        }
        finally
        {
            WorkspaceStores.ReleaseSqliteFiles();
            Directory.Delete(directory, recursive: true);
        }
    }
}
