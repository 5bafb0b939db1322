using System.CommandLine;
using Dossier.Linkage;

namespace Dossier.Cli.Commands;

/// <summary><c>dossier link</c>: probabilistic linkage of two lists.</summary>
internal static class LinkCommand
{
    public static Command Create()
    {
        var left = new Option<string>("--left") { Description = "The left CSV file (UTF-8, header row).", Required = true };
        var right = new Option<string>("--right") { Description = "The right CSV file (UTF-8, header row).", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write matched pairs: left_id,right_id,probability; - for standard output." };
        var oneToOne = new Option<bool>("--one-to-one") { Description = "Keep at most one match per record on each side, best first." };
        var shared = new LinkageCli();
        var command = new Command("link", "Link the records of two lists that are the same person (Fellegi–Sunter with EM, unsupervised).");
        command.Options.Add(left);
        command.Options.Add(right);
        command.Options.Add(output);
        command.Options.Add(oneToOne);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => shared.RunAsync(parse, parse.GetValue(output), [parse.GetValue(left)!, parse.GetValue(right)!],
            (fields, options, progress) => LinkageRunner.Link(parse.GetValue(left)!, parse.GetValue(right)!, parse.GetValue(shared.Id)!, null, fields,
                options with { OneToOne = parse.GetValue(oneToOne) }, progress),
            (result, options, writer) => LinkageRunner.WritePairs(result, writer, options.Threshold, parse.GetValue(oneToOne)), cancellationToken));
        return command;
    }
}
