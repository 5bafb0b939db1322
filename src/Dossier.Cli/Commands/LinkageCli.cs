using System.CommandLine;
using Dossier.Linkage;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;
using Spectre.Console;

namespace Dossier.Cli.Commands;

/// <summary>Options and plumbing shared by <c>dossier link</c> and <c>dossier dedupe</c>.</summary>
internal sealed class LinkageCli
{
    public Option<string> Id { get; } = new("--id") { Description = "The column holding each record's unique id.", Required = true };

    public Option<string?> Fields { get; } = new("--fields")
    {
        Description = "Use only these columns, with these roles: ROLE=COLUMN,… e.g. given=first_name,family=surname,birth-date=dob. " +
            "Roles: given-name, family-name, full-name, other-name, birth-date, death-date, place, address, postcode, number, identifier, email, category. " +
            "Without it, roles are detected from column names.",
    };

    public Option<double> Threshold { get; } = new("--threshold") { Description = "Match probability at or above which a pair is a match (0–1).", DefaultValueFactory = _ => 0.5 };

    public Option<string[]> Explain { get; } = new("--explain")
    {
        Description = "Explain the score of two records: --explain ID1 ID2 (every comparison's level, m, u and weight).",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Labels { get; } = new("--labels") { Description = "Clerical labels (CSV: …id_l, …id_r, clerical_match_score) to measure precision and recall." };

    public Option<bool> FixFromLabels { get; } = new("--fix-from-labels") { Description = "Estimate m from the labelled matches instead of EM (u still from random pairs)." };

    public Option<int> MaxBlock { get; } = new("--max-block") { Description = "Blocks larger than this many records are split by a refining key (birth year, place), then skipped if still too large (reported in the summary).", DefaultValueFactory = _ => new LinkageOptions().MaxBlockSize };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for the random pairs that estimate u.", DefaultValueFactory = _ => new LinkageOptions().Seed };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress and no summary; errors only." };

    public void AddTo(Command command)
    {
        command.Options.Add(Id);
        command.Options.Add(Fields);
        command.Options.Add(Threshold);
        command.Options.Add(Explain);
        command.Options.Add(Labels);
        command.Options.Add(FixFromLabels);
        command.Options.Add(MaxBlock);
        command.Options.Add(Seed);
        command.Options.Add(Quiet);
    }

    /// <summary>
    /// Runs the work with progress on stderr, writes <paramref name="output"/> with <paramref name="write"/>
    /// (docs: any <c>--out</c> goes through <see cref="OutputFile"/>), prints the summary and any explanation
    /// (on stderr when the data goes to stdout); maps bad input to exit code 1.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, string? output, IReadOnlyList<string> inputs,
        Func<IReadOnlyList<FieldSpec>?, LinkageOptions, IProgress<LinkageProgress>?, LinkageResult> run,
        Action<LinkageResult, LinkageOptions, TextWriter> write, CancellationToken cancellationToken)
    {
        var quiet = parse.GetValue(Quiet);
        var explain = parse.GetValue(Explain);
        if (output is null && explain is not { Length: 2 })
        {
            Console.Error.WriteLine("error: give --out FILE (or - for standard output), or --explain ID1 ID2");
            return 2;
        }

        var threshold = parse.GetValue(Threshold);
        if (threshold is < 0 or > 1)
        {
            Console.Error.WriteLine("error: --threshold must be between 0 and 1");
            return 2;
        }

        if (output is not null && output != OutputFile.StandardOutput)
        {
            // Checked before the work, which can take minutes.
            var full = Path.GetFullPath(output);
            if (inputs.Any(input => string.Equals(full, Path.GetFullPath(input), StringComparison.Ordinal)))
            {
                Console.Error.WriteLine($"error: {output}: the output would overwrite an input file");
                return 1;
            }

            if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
            {
                Console.Error.WriteLine($"error: {output}: the output folder {folder} does not exist");
                return 1;
            }
        }

        var summary = OutputFile.Summary(output);
        try
        {
            var fieldsText = parse.GetValue(Fields);
            var fields = fieldsText is null ? null : FieldRoles.ParseOverrides(fieldsText);
            var labelsPath = parse.GetValue(Labels);
            var options = new LinkageOptions
            {
                Threshold = threshold,
                MaxBlockSize = parse.GetValue(MaxBlock),
                Seed = parse.GetValue(Seed),
                Labels = labelsPath is null ? null : LinkageRunner.ReadLabels(labelsPath),
                LabelUse = parse.GetValue(FixFromLabels) ? LabelUse.FixParameters : LabelUse.Evaluate,
            };

            var result = quiet ? run(fields, options, null) : WithProgress(progress => run(fields, options, progress));
            if (output is not null)
            {
                await OutputFile.WriteTextAsync(output, writer =>
                {
                    write(result, options, writer);
                    return Task.CompletedTask;
                }, cancellationToken);
            }

            if (!quiet)
            {
                await summary.WriteAsync(LinkageRunner.FormatSummary(result.Summary));
                if (output is not null)
                {
                    await summary.WriteLineAsync($"written {OutputFile.Describe(output)}");
                }
            }

            if (explain is { Length: 2 })
            {
                await summary.WriteLineAsync(LinkageRunner.Explain(result, explain[0], explain[1]).ToString());
            }

            return 0;
        }
        catch (LinkageInputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static LinkageResult WithProgress(Func<IProgress<LinkageProgress>, LinkageResult> run) =>
        StageProgress.Run(report => run(new StageProgress.Relay<LinkageProgress>(p => report(p.Stage, p.Fraction))));
}
