using System.CommandLine;
using Dossier.Linkage;

namespace Dossier.Cli.Commands;

/// <summary><c>dossier dedupe</c>: find the records of one list that are the same person and group them.</summary>
internal static class DedupeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "The CSV file (UTF-8, header row).", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write clusters: record_id,cluster_id (every record); - for standard output." };
        var coherence = new Option<double>("--coherence")
        {
            Description = "Two groups merge only if the mean match probability of all their cross pairs reaches this (guards against chaining).",
            DefaultValueFactory = _ => new LinkageOptions().ClusterCoherence,
        };
        var noLists = new Option<bool>("--no-list-competition")
        {
            Description = "Do not use the list column (list, list_id, source, source_list): by default a record's candidates on one list compete and one entity holds two rows of one list only if they match as a pair (ADR 1827).",
        };
        var shared = new LinkageCli();
        var command = new Command("dedupe", "Group the records of one list into people (Fellegi–Sunter with EM, unsupervised, chain-guarded clustering).");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(coherence);
        command.Options.Add(noLists);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => shared.RunAsync(parse, parse.GetValue(output), [parse.GetValue(input)!],
            (fields, options, progress) => LinkageRunner.Dedupe(parse.GetValue(input)!, parse.GetValue(shared.Id)!, null, fields,
                options with { ClusterCoherence = parse.GetValue(coherence), ListCompetition = !parse.GetValue(noLists) }, progress),
            (result, _, writer) => LinkageRunner.WriteClusters(result, writer), cancellationToken));
        return command;
    }
}
