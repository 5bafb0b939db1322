using System.CommandLine;
using System.Globalization;
using Dossier.Application.Testimony;
using Dossier.Testimony;

namespace Dossier.Cli.Commands;

/// <summary>
/// <c>dossier testimony similar|lines</c>: the testimony engines on a plain statements file, no workspace
/// (docs/formats/testimony-csv.md). The output is written beside itself and renamed (OutputFile), so bad input
/// leaves nothing behind.
/// </summary>
internal static class TestimonyCommand
{
    public static Command Create()
    {
        var command = new Command("testimony", "Witness statements on plain files: near-copies (possibly coached) and independent lines of proof.");
        command.Subcommands.Add(Similar());
        command.Subcommands.Add(Lines());
        command.Subcommands.Add(Report());
        return command;
    }

    /// <summary>The same engines on the workspace's interviews and statements, with contradictions (issue 14 §4–§6).</summary>
    private static Command Report()
    {
        var allegation = new Option<string?>("--allegation") { Description = "Only this allegation." };
        var accused = new Option<string?>("--accused") { Description = "Only the allegations against this person." };
        var json = new Option<bool>("--json") { Description = "JSON (docs/testimony.md) instead of text." };
        var command = new Command("report", "Per allegation in the workspace: supporting and contradicting statements, independent lines (and why statements were joined), near-copies, contradictions, and statements left out (withdrawn consent, shredded).")
        {
            allegation,
            accused,
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(parse))
            {
                return CliOptions.NoWorkspace(parse);
            }

            await using var store = await CliOptions.OpenStoreAsync(parse, cancellationToken);
            if (await CliOptions.PrincipalAsync(parse, store, cancellationToken) is not { } principal)
            {
                return ExitCodes.Failed;
            }

            var report = await new TestimonyService(store, IdentityCommands.ProtectionFor(store, parse)).AnalyseAsync(principal.Role, cancellationToken);
            var chosen = report.Allegations
                .Where(a => parse.GetValue(allegation) is not { } only || a.Allegation.Id == only)
                .Where(a => parse.GetValue(accused) is not { } person || a.Allegation.AccusedIds.Contains(person, StringComparer.Ordinal))
                .ToList();
            if (parse.GetValue(allegation) is { } wanted && chosen.Count == 0)
            {
                await Console.Error.WriteLineAsync($"error: --allegation: no allegation '{wanted}' that you may read");
                return ExitCodes.Failed;
            }

            if (parse.GetValue(json))
            {
                var array = new System.Text.Json.Nodes.JsonArray([.. chosen.Select(a => (System.Text.Json.Nodes.JsonNode)TestimonyJson.Allegation(a))]);
                Console.WriteLine(array.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return ExitCodes.Ok;
            }

            foreach (var item in chosen)
            {
                WriteAllegation(item);
            }

            Console.WriteLine($"{chosen.Count} allegation(s); {report.Statements.Count(s => s.Counted)} statements counted, {report.Statements.Count(s => !s.Counted)} left out; {report.NearCopies.Count} near-copy pair(s); threshold {NearCopyOptions.DefaultThreshold.ToString("0.00", CultureInfo.InvariantCulture)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteAllegation(AllegationReport report)
    {
        Console.WriteLine($"{report.Allegation.Id}: {report.Allegation.Text}");
        foreach (var side in new[] { report.Supporting, report.Contradicting })
        {
            Console.WriteLine($"  {Stances.Name(side.Stance)}: {side.Statements.Count} statement(s) in {side.Lines.Count} independent line(s)");
            for (var i = 0; i < side.Lines.Count; i++)
            {
                Console.WriteLine($"    line {i + 1}: {string.Join(", ", side.Lines[i].StatementIds)}");
                foreach (var join in side.Lines[i].Joins)
                {
                    Console.WriteLine($"      {join}");
                }
            }

            foreach (var warning in side.Warnings)
            {
                Console.WriteLine($"    warning: {warning}");
            }
        }

        foreach (var copy in report.NearCopies)
        {
            Console.WriteLine($"  possibly coached: {copy.LeftId} and {copy.RightId} are near-copies (score {copy.Score.ToString("0.00", CultureInfo.InvariantCulture)})");
        }

        foreach (var contradiction in report.Contradictions)
        {
            Console.WriteLine($"  contradiction: {contradiction}");
        }

        foreach (var statement in report.LeftOut)
        {
            Console.WriteLine($"  left out: {statement.Id} ({TestimonyJson.WhyLeftOut(statement)})");
        }
    }

    private sealed class Shared
    {
        public Option<string> Input { get; } = new("--input") { Description = "The statements CSV (UTF-8): statement_id,witness_id,allegation_id,stance,interviewer,intermediary,organization,language,text.", Required = true };

        public Option<string> Output { get; } = new("--out") { Description = "Where to write the result (CSV); - for standard output.", Required = true };

        public Option<double> Threshold { get; } = new("--threshold")
        {
            Description = $"Shingle similarity (Dice, 0–1) at or above which two statements are near-copies; default {NearCopyOptions.DefaultThreshold.ToString("0.00", CultureInfo.InvariantCulture)}.",
            DefaultValueFactory = _ => NearCopyOptions.DefaultThreshold,
        };

        public Option<double> CrossThreshold { get; } = new("--cross-allegation-threshold")
        {
            Description = "The bar for two statements of different allegations, besides --threshold (coaching is a script about one event; "
                + $"ADR 1829); default {NearCopyOptions.DefaultCrossAllegationThreshold.ToString("0.00", CultureInfo.InvariantCulture)}. At --threshold or below, every pair is judged alike.",
            DefaultValueFactory = _ => NearCopyOptions.DefaultCrossAllegationThreshold,
        };

        public Option<bool> Quiet { get; } = new("--quiet") { Description = "No summary; errors only." };

        public void AddTo(Command command)
        {
            command.Options.Add(Input);
            command.Options.Add(Output);
            command.Options.Add(Threshold);
            command.Options.Add(CrossThreshold);
            command.Options.Add(Quiet);
        }
    }

    private static Command Similar()
    {
        var shared = new Shared();
        var command = new Command("similar", "Write every pair of statements judged near-copies: left_id,right_id,score (left_id < right_id).");
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, shared, (statements, pairs, writer, summary) =>
        {
            StatementCsv.WriteSimilar(pairs, writer);
            return $"{statements.Count:N0} statements, {pairs.Count:N0} near-copy pairs";
        }, cancellationToken));
        return command;
    }

    private static Command Lines()
    {
        var shared = new Shared();
        var explain = new Option<bool>("--explain") { Description = "Also print each line's statements, why they were joined, and shared interviewers or organisations (to the summary: standard error when --out is -)." };
        var command = new Command("lines", "Count independent lines of proof per allegation and stance: allegation_id,stance,statements,lines.");
        shared.AddTo(command);
        command.Options.Add(explain);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, shared, (statements, pairs, writer, summary) =>
        {
            var rows = IndependentLines.Count(statements, pairs);
            StatementCsv.WriteLines(rows, writer);
            if (parse.GetValue(explain))
            {
                foreach (var row in rows.Where(r => r.Statements.Count > 0))
                {
                    summary.WriteLine($"{row.AllegationId} {Stances.Name(row.Stance)}: {row.Lines.Count} lines from {row.Statements.Count} statements");
                    for (var i = 0; i < row.Lines.Count; i++)
                    {
                        var line = row.Lines[i];
                        summary.WriteLine($"  line {i + 1}: {string.Join(", ", line.StatementIds)}");
                        foreach (var join in line.Joins)
                        {
                            summary.WriteLine($"    {join}");
                        }
                    }

                    foreach (var warning in row.Warnings)
                    {
                        summary.WriteLine($"  warning: {warning}");
                    }
                }
            }

            return $"{statements.Count:N0} statements, {rows.Count(r => r.Statements.Count > 0):N0} allegation-stances, {rows.Sum(r => r.Lines.Count):N0} lines ({pairs.Count:N0} near-copy pairs)";
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Shared shared,
        Func<IReadOnlyList<Statement>, IReadOnlyList<NearCopy>, TextWriter, TextWriter, string> write, CancellationToken cancellationToken)
    {
        var input = parse.GetValue(shared.Input)!;
        var output = parse.GetValue(shared.Output)!;
        var threshold = parse.GetValue(shared.Threshold);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            await Console.Error.WriteLineAsync("error: --threshold must be between 0 and 1");
            return ExitCodes.Usage;
        }

        var cross = parse.GetValue(shared.CrossThreshold);
        if (cross is < 0 or > 1 || double.IsNaN(cross))
        {
            await Console.Error.WriteLineAsync("error: --cross-allegation-threshold must be between 0 and 1");
            return ExitCodes.Usage;
        }

        if (output != OutputFile.StandardOutput && string.Equals(Path.GetFullPath(output), Path.GetFullPath(input), StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"error: {output}: the output would overwrite the input file");
            return ExitCodes.Failed;
        }

        var summary = OutputFile.Summary(output);
        IReadOnlyList<Statement> statements;
        try
        {
            statements = StatementCsv.Read(input);
        }
        catch (TestimonyInputException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            await Console.Error.WriteLineAsync("Nothing was written.");
            return ExitCodes.Failed;
        }

        var pairs = new NearCopyDetector(new NearCopyOptions { Threshold = threshold, CrossAllegationThreshold = cross }).Find(statements);
        var explanation = new StringWriter(CultureInfo.InvariantCulture);
        string? said = null;
        await OutputFile.WriteTextAsync(output, writer =>
        {
            said = write(statements, pairs, writer, explanation);
            return Task.CompletedTask;
        }, cancellationToken);
        await summary.WriteAsync(explanation.ToString());
        if (!parse.GetValue(shared.Quiet))
        {
            var across = cross > threshold ? $", {cross.ToString("0.00", CultureInfo.InvariantCulture)} across allegations" : string.Empty;
            await summary.WriteLineAsync($"{said} (threshold {threshold.ToString("0.00", CultureInfo.InvariantCulture)}{across}); written {OutputFile.Describe(output)}");
        }

        return ExitCodes.Ok;
    }
}
