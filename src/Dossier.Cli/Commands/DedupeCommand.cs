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
        var noListGuard = new Option<bool>("--no-list-guard")
        {
            Description = "Let one entity hold two rows of one list (list, list_id, source or source_list column) even when the two do not match as a pair (ADR 1827).",
        };
        var listCompetition = new Option<bool>("--list-competition")
        {
            Description = "Before clustering, let a record's candidates on one list compete (one person is rarely twice on one list; ADR 1827).",
        };
        var shared = new LinkageCli();
        var command = new Command("dedupe", "Group the records of one list into people (Fellegi–Sunter with EM, unsupervised, chain-guarded clustering).");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(coherence);
        command.Options.Add(noListGuard);
        command.Options.Add(listCompetition);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => shared.RunAsync(parse, parse.GetValue(output), [parse.GetValue(input)!],
            (fields, options, progress) => LinkageRunner.Dedupe(parse.GetValue(input)!, parse.GetValue(shared.Id)!, null, fields,
                options with { ClusterCoherence = parse.GetValue(coherence), ListGuard = !parse.GetValue(noListGuard), ListCompetition = parse.GetValue(listCompetition) }, progress),
            (result, _, writer) => LinkageRunner.WriteClusters(result, writer), cancellationToken));
        return command;
    }
}
