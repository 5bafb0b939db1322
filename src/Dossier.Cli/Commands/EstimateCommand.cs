using System.CommandLine;
using System.Globalization;
using Dossier.Application.Estimates;
using Dossier.Application.Lists;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;
using Spectre.Console;

namespace Dossier.Cli.Commands;

/// <summary><c>dossier estimate</c>: multiple systems estimation from a capture-history CSV. Thin glue over <see cref="EstimationRunner"/>.</summary>
internal static class EstimateCommand
{
    private const string Summary = "Estimate how many people there were in total, including those no list recorded (multiple systems estimation, also called capture-recapture), from how the lists overlap.";

    private const string Help = """
        Input: a CSV with one 0/1 column per list, a count column (count, freq, frequency or n; otherwise the last
        column) and one row per pattern of lists, e.g. "1,0,1,25" = 25 people on lists 1 and 3 only.
        Without --input, the histories come from the workspace: its current clusters (the latest `dossier list link`
        run with every review decision applied) × the lists they appear on; --lists picks lists, --strata a row column.
        Estimates from the workspace also carry linkage uncertainty: --linkage-samples clusterings (default 20) are
        drawn from the run's pair probabilities (decisions fixed), each is estimated, and the results are combined
        (Rubin's rules on log N for the log-linear model, pooled posterior draws for the latent-class model). Both the
        plug-in figures (one clustering) and the propagated ones are printed; the propagated ones are the headline.
        --time-budget caps the sampling (default 600 s; at least two samples always run); the seed and the number of
        samples run are recorded, so --rerun draws the same clusterings. --linkage-samples 0: plug-in only.
        With --strata, each drawn clustering is split by stratum as the plug-in is (a person's stratum is the most
        frequent value among their rows) and every stratum's figures carry linkage uncertainty too, printed beside
        their plug-in figures; the strata share the time budget (fewer samples, never more time).

        What the estimates assume, in plain words:
          - Closed population: the same group of people could have been recorded by every list (the lists cover
            the same place and period). Lists covering different prisons or months break this: use --strata.
          - Linkage is right: a person on two lists was matched as one person. Missed matches inflate the
            estimate; false matches deflate it.
          - List dependence: one list's recording can make another's more or less likely (one source copies
            another, or they reach different communities). The log-linear models allow pairwise (and, with four
            lists or fewer, three-way) dependence; the model choice by BIC says which the data support.
          - Heterogeneous capture: some people are easier to record than others (known families, prominent
            prisoners). The latent-class model (lcmcr) allows this with hidden groups of people; a dependence or
            heterogeneity that the overlaps cannot reveal cannot be corrected by any method.
        Every figure comes with its caveats; a warning in the table or the report means: do not quote the number
        without it.

        Exit codes: 0 ok, 1 invalid input, 2 usage.
        """;

    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Capture-history CSV (one 0/1 column per list, a count column)." };
        var method = new Option<string>("--method", "-m") { Description = "loglinear, lcmcr or all (default all).", DefaultValueFactory = _ => "all" };
        var strata = new Option<string?>("--strata") { Description = "Column that splits the rows into strata (e.g. prison); estimates per stratum and their total." };
        var seed = new Option<string>("--seed") { Description = "Seed of the latent-class sampler (default 1): the same seed re-runs to the same numbers.", DefaultValueFactory = _ => "1" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the JSON report here (- for standard output; the printed report then goes to standard error)." };
        var plots = new Option<string?>("--plots") { Description = "Write SVG charts (posterior of N, models compared) for the whole file into this folder." };
        var maxOrder = new Option<string?>("--max-order") { Description = "Largest interaction in the model search (default 3 with up to 4 lists, else 2)." };
        var record = new Option<string?>("--record") { Description = "Record the run in the workspace ledger (inputs, parameters, seed, results) with this reason, so its figures can be traced and re-run." };
        var rerun = new Option<string?>("--rerun") { Description = "Re-run the estimate recorded in ledger entry SEQ from the ledger alone and check every figure is the same." };
        var samples = new Option<string?>("--samples") { Description = "Latent-class draws kept per chain after burn-in, at first (default 1,000): the run doubles them until R-hat ≤ 1.01 and ESS ≥ 400, within 1,000,000 sweeps per chain, and warns when it cannot." };
        var burnin = new Option<string?>("--burnin") { Description = "Latent-class draws discarded per chain before keeping any (default 10,000)." };
        var chains = new Option<string?>("--chains") { Description = "Independent latent-class chains, compared for convergence (default 4)." };
        var linkageSamples = new Option<string?>("--linkage-samples") { Description = $"Without --input: clusterings drawn from the linkage's pair probabilities to carry linkage uncertainty into the figures (default {LinkagePropagation.DefaultSamples}; 0 = plug-in only, one clustering)." };
        var linkageSeed = new Option<string?>("--linkage-seed") { Description = "Seed of the clusterings drawn (default: --seed); recorded, so --rerun draws the same ones." };
        var timeBudget = new Option<string?>("--time-budget") { Description = $"Seconds the linkage sampling may take in all (default {LinkagePropagation.DefaultBudgetSeconds}); fewer samples are run when it would pass (at least two), and the report says so." };
        var eventOption = new Option<string?>("--event") { Description = "With --record: the id of the event record whose victims this estimate counts; the event's count page shows it beside the sources' competing figures." };
        var lists = new Option<string?>("--lists") { Description = "Without --input: the workspace lists to estimate from, comma-separated (default: every list of the current linkage run)." };
        var model = new Option<string[]>("--model")
        {
            Description = "Also fit this model with a 95% profile-likelihood interval (Rcapture's closedpCI.t), beside the best by BIC; " +
                "repeat for several. Mt, \"Mh Chao\", \"Mth Poisson2\", \"[12,34]\", \"~ c1*c2 + c3 + c4\"… (with --method loglinear or all).",
        };
        var command = new Command("estimate", Summary)
        {
            input, method, strata, seed, output, maxOrder, plots, record, rerun, lists, samples, burnin, chains, model, linkageSamples, linkageSeed, timeBudget, eventOption,
        };
        command.WithNotes(Help);
        // Usage mistakes must exit with 2, so nothing is left for the parser to reject (it would exit with 1):
        // values are optional and unknown tokens are collected, then checked below.
        foreach (var option in command.Options)
        {
            option.Arity = ArgumentArity.ZeroOrOne;
        }

        model.Arity = ArgumentArity.ZeroOrMore; // one model per --model, repeatable
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                return Usage($"unknown argument(s): {string.Join(' ', parseResult.UnmatchedTokens)}");
            }

            foreach (var option in new Option[] { input, method, strata, seed, output, maxOrder, plots, record, rerun, lists, samples, burnin, chains, model, linkageSamples, linkageSeed, timeBudget, eventOption })
            {
                if (parseResult.GetResult(option) is { Implicit: false, Tokens.Count: 0 })
                {
                    return Usage($"{option.Name} needs a value");
                }
            }

            if (parseResult.GetValue(rerun) is { } rerunText)
            {
                return long.TryParse(rerunText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                    ? await EstimateRecording.RerunAsync(parseResult, sequence, cancellationToken)
                    : Usage("--rerun takes a ledger sequence number");
            }

            if (parseResult.GetValue(record) is not null && !CliOptions.WorkspaceExists(parseResult))
            {
                return CliOptions.NoWorkspace(parseResult);
            }

            var eventId = parseResult.GetValue(eventOption);
            if (eventId is not null)
            {
                if (parseResult.GetValue(record) is null)
                {
                    return Usage("--event says which event a recorded estimate counts: use it with --record");
                }

                await using var eventStore = await CliOptions.OpenStoreAsync(parseResult, cancellationToken);
                if (await eventStore.GetAsync(eventId, cancellationToken) is not { Kind: Dossier.Domain.Records.RecordKind.Event, Retracted: false })
                {
                    Console.Error.WriteLine($"error: --event: there is no event record '{eventId}' in the workspace (give the id of the event whose victims the estimate counts)");
                    return 1;
                }
            }

            var inputPath = parseResult.GetValue(input);
            var fromWorkspace = string.IsNullOrWhiteSpace(inputPath);
            if (fromWorkspace && !CliOptions.WorkspaceExists(parseResult))
            {
                return Usage("give --input FILE, or run in a workspace (--workspace DIR) whose lists are linked");
            }

            if (!fromWorkspace && parseResult.GetValue(lists) is not null)
            {
                return Usage("--lists picks workspace lists; leave it out with --input");
            }

            foreach (var option in new[] { linkageSamples, linkageSeed, timeBudget })
            {
                if (!fromWorkspace && parseResult.GetValue(option) is not null)
                {
                    return Usage($"{option.Name} samples the workspace's linkage; a capture-history file (--input) has none");
                }
            }

            var drawCount = LinkagePropagation.DefaultSamples;
            if (parseResult.GetValue(linkageSamples) is { } drawText
                && (!int.TryParse(drawText, NumberStyles.None, CultureInfo.InvariantCulture, out drawCount) || drawCount == 1 || drawCount > 100_000))
            {
                return Usage("--linkage-samples must be 0 (plug-in only) or a whole number from 2 to 100000");
            }

            var budgetSeconds = LinkagePropagation.DefaultBudgetSeconds;
            if (parseResult.GetValue(timeBudget) is { } budgetText
                && (!int.TryParse(budgetText, NumberStyles.None, CultureInfo.InvariantCulture, out budgetSeconds) || budgetSeconds < 1))
            {
                return Usage("--time-budget must be a whole number of seconds, 1 or more");
            }

            var methodText = parseResult.GetValue(method) ?? "all";
            EstimationMethod? chosen = methodText switch
            {
                "loglinear" => EstimationMethod.LogLinear,
                "lcmcr" => EstimationMethod.LatentClass,
                "all" => EstimationMethod.All,
                _ => null,
            };
            if (chosen is null)
            {
                return Usage($"--method must be loglinear, lcmcr or all, not '{methodText}'");
            }

            var models = parseResult.GetValue(model) ?? [];
            if (models.Length > 0 && chosen == EstimationMethod.LatentClass)
            {
                return Usage("--model names a log-linear model: use it with --method loglinear or all");
            }

            if (!ulong.TryParse(parseResult.GetValue(seed), NumberStyles.None, CultureInfo.InvariantCulture, out var seedValue))
            {
                return Usage("--seed must be a whole number of 0 or more");
            }

            var drawSeed = seedValue;
            if (parseResult.GetValue(linkageSeed) is { } drawSeedText && !ulong.TryParse(drawSeedText, NumberStyles.None, CultureInfo.InvariantCulture, out drawSeed))
            {
                return Usage("--linkage-seed must be a whole number of 0 or more");
            }

            int? order = null;
            var orderText = parseResult.GetValue(maxOrder);
            if (orderText is not null)
            {
                if (!int.TryParse(orderText, NumberStyles.None, CultureInfo.InvariantCulture, out var o) || o < 1)
                {
                    return Usage("--max-order must be 1 or more");
                }

                order = o;
            }

            var sampler = new Dictionary<string, int?>(StringComparer.Ordinal);
            foreach (var (option, least) in new[] { (samples, 10), (burnin, 0), (chains, 1) })
            {
                if (parseResult.GetValue(option) is not { } text)
                {
                    sampler[option.Name] = null;
                }
                else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least && n <= 10_000_000)
                {
                    sampler[option.Name] = n;
                }
                else
                {
                    return Usage($"{option.Name} must be a whole number from {least} to 10000000");
                }
            }

            var parameters = new Dossier.Application.Estimates.EstimateParameters(chosen.Value.ToString(), parseResult.GetValue(strata), seedValue, order)
            {
                Samples = sampler["--samples"],
                Burnin = sampler["--burnin"],
                Chains = sampler["--chains"],
                Models = models.Length > 0 ? models : null,
            };

            WorkspaceHistories? derived = null;
            if (fromWorkspace)
            {
                derived = await WorkspaceEstimate.HistoriesAsync(parseResult, parseResult.GetValue(lists), parseResult.GetValue(strata), cancellationToken);
                if (derived is null)
                {
                    return 1;
                }

                inputPath = derived.Source;
            }
            else if (!File.Exists(inputPath))
            {
                Console.Error.WriteLine($"error: {inputPath}: no such file");
                return 1;
            }

            CaptureHistoryInput histories;
            try
            {
                histories = derived is null
                    ? CaptureHistoryCsv.Read(inputPath!, parseResult.GetValue(strata))
                    : CaptureHistoryCsv.Parse(new StringReader(derived.Csv), derived.Source, derived.StrataColumn);
            }
            catch (CaptureHistoryFormatException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            foreach (var name in models)
            {
                if (Dossier.Estimation.LogLinear.ModelNames.TryParse(histories.Total.ListCount, name, out var problem) is null)
                {
                    return Usage($"--model {problem!.TrimEnd('.')}");
                }
            }

            // The request the recorded parameters describe, so a re-run from the ledger asks for the same.
            var report = StageProgress.Run(report => EstimationRunner.Run(histories, inputPath!, parameters.ToRequest(), new StageProgress.Relay<EstimationProgress>(p => report(p.Stage, p.Fraction)), cancellationToken));
            LinkagePropagationResult? propagated = null;
            if (derived is not null && drawCount > 0)
            {
                propagated = await WorkspaceEstimate.PropagateAsync(parseResult, derived, report, parameters.ToRequest(), drawCount, drawSeed, TimeSpan.FromSeconds(budgetSeconds), cancellationToken);
                if (propagated is null)
                {
                    return 1;
                }

                parameters = parameters with { Linkage = propagated.Parameters };
            }

            var outPath = parseResult.GetValue(output);
            if (outPath is not null)
            {
                // A file is written beside itself and renamed into place (never half a report); a pipe or device in place; - is standard output.
                var json = propagated is null ? report.ToJson() : WithLinkage(report, propagated);
                await OutputFile.WriteTextAsync(outPath, writer => writer.WriteAsync(json), cancellationToken);
            }

            var plotDir = parseResult.GetValue(plots);
            if (plotDir is not null)
            {
                Directory.CreateDirectory(plotDir);
                foreach (var (name, svg) in EstimationReport.Charts(report.Overall))
                {
                    File.WriteAllText(Path.Combine(plotDir, name), svg);
                }
            }

            var console = Terminal.For(OutputFile.Summary(outPath));
            Print(report, console);
            if (derived is not null)
            {
                PrintLinkage(propagated?.Summary, propagated?.Parameters, derived.StrataColumn, console);
            }

            if (parseResult.GetValue(record) is { } reason)
            {
                var sequence = derived is null
                    ? await EstimateRecording.RecordAsync(parseResult, inputPath!, parameters, report, reason, cancellationToken, eventId)
                    : await EstimateRecording.RecordAsync(parseResult, new Dossier.Application.Estimates.EstimateInput("workspace-histories.csv", derived.Csv, derived) { Event = eventId },
                        parameters, report, reason, cancellationToken, propagated?.Body);
                if (sequence < 0)
                {
                    return 1; // refused: the reason is printed
                }

                OutputFile.Summary(outPath).WriteLine($"Recorded as ledger entry #{sequence}: re-run with `dossier estimate --rerun {sequence}`.");
            }

            return 0;
        });
        return command;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"usage error: {problem}. See 'dossier estimate --help'.");
        return 2;
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string F(double? x) => x is { } v ? F(v) : "—";

    /// <summary>The JSON report with the linkage-uncertainty summary beside the plug-in figures.</summary>
    private static string WithLinkage(EstimationReport report, LinkagePropagationResult propagated)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(report.ToJson())!.AsObject();
        node["linkageSampling"] = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(propagated.Parameters, Dossier.Application.Estimates.EstimateService.JsonOptions));
        node["linkageUncertainty"] = System.Text.Json.Nodes.JsonNode.Parse(LinkageUncertaintyJson.Write(propagated.Summary));
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Both figures, plug-in and with linkage uncertainty, and which one is the headline (issue 17 item 1). Called for
    /// every estimate from the workspace: without sampling it says the figures rest on one clustering.
    /// </summary>
    internal static void PrintLinkage(LinkageUncertaintySummary? summary, LinkageSamplingParameters? sampling, string? strata, IAnsiConsole console)
    {
        console.WriteLine();
        if (summary is null || sampling is null)
        {
            console.MarkupLine("[bold]Linkage uncertainty: not included[/] (--linkage-samples 0). The figures above rest on one clustering (plug-in) and their intervals leave out linkage errors.");
            return;
        }

        console.MarkupLine($"[bold]Linkage uncertainty[/]: {sampling.Samples} clusterings drawn from the linkage's pair probabilities (seed {sampling.Seed}, {sampling.Draw} draw, review decisions fixed). " +
            "Headline figures: [bold]with linkage uncertainty[/]; plug-in figures rest on one clustering.");
        var table = new Table();
        foreach (var c in new[] { "figure", "plug-in (one clustering)", "with linkage uncertainty (used)" })
        {
            table.AddColumn(c);
        }

        AddLinkageRows(table, summary, null);
        console.Write(table);
        if (strata is not null && summary.Strata is { Count: > 0 } byStratum)
        {
            // Each stratum over the same sampled clusterings: a sampled cluster's stratum is the most frequent value among its rows (ADR 1819).
            var perStratum = new Table().Title(Markup.Escape($"Per stratum ({strata}): each sampled clustering split by stratum, as the plug-in is"));
            foreach (var c in new[] { "stratum", "figure", "plug-in (one clustering)", "with linkage uncertainty (used)" })
            {
                perStratum.AddColumn(c);
            }

            foreach (var s in byStratum)
            {
                AddLinkageRows(perStratum, s.Figures, s.Stratum);
            }

            if (summary.Total is { } total)
            {
                AddLinkageRows(perStratum, total, "total over strata");
            }

            console.Write(perStratum);
            console.MarkupLine(summary.Total is null
                ? "Per-stratum headline figures: [bold]with linkage uncertainty[/]; the per-stratum tables above are plug-in (one clustering), and so is the total over strata (recorded before it carried linkage uncertainty)."
                : "Per-stratum and total headline figures: [bold]with linkage uncertainty[/]; the per-stratum tables and the total above are plug-in (one clustering).");
            foreach (var (name, figures) in byStratum.Select(s => ($"stratum {s.Stratum}", s.Figures)).Concat(summary.Total is { } t ? [("total over strata", t)] : []))
            {
                foreach (var w in figures.Warnings.Where(w => !summary.Warnings.Contains(w)))
                {
                    console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(name)}: {Markup.Escape(w)}");
                }
            }
        }
        else if (strata is not null)
        {
            console.MarkupLine($"The per-stratum figures ({Markup.Escape(strata)}) are plug-in: linkage uncertainty is carried into the whole-input figures only.");
        }

        foreach (var w in summary.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }
    }

    /// <summary>One summary's figures as rows (documented unique count, N log-linear, N latent class); <paramref name="stratum"/> fills a first column when given.</summary>
    private static void AddLinkageRows(Table table, LinkageUncertaintySummary summary, string? stratum)
    {
        void Row(string figure, string plugIn, string propagated)
        {
            if (stratum is null)
            {
                table.AddRow(Markup.Escape(figure), Markup.Escape(plugIn), Markup.Escape(propagated));
            }
            else
            {
                table.AddRow(Markup.Escape(stratum), Markup.Escape(figure), Markup.Escape(plugIn), Markup.Escape(propagated));
            }
        }

        Row("documented unique count", summary.PlugInPeople.ToString("N0", CultureInfo.InvariantCulture),
            $"{F(summary.PeopleMedian)} (95% of samples {F(summary.PeopleLower)}–{F(summary.PeopleUpper)})");
        if (summary.LogLinear is { } ll)
        {
            Row($"N, log-linear (best BIC{(ll.PlugInModel is null ? string.Empty : ": " + ll.PlugInModel)})",
                $"{F(ll.PlugInEstimate)} (95% profile {F(ll.PlugInLower)}–{F(ll.PlugInUpper)})",
                $"{F(ll.Estimate)} (95% {F(ll.Lower)}–{F(ll.Upper)}; linkage {ll.LinkageShare:P0} of the variance)");
        }

        if (summary.LatentClass is { } lc)
        {
            Row("N, latent class (median)", $"{F(lc.PlugInMedian)} (95% {F(lc.PlugInLower)}–{F(lc.PlugInUpper)})",
                $"{F(lc.Median)} (95% {F(lc.Lower)}–{F(lc.Upper)}, pooled draws)");
        }
    }

    private static void Print(EstimationReport report, IAnsiConsole console)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Source)}[/]: {report.Lists.Count} lists ({Markup.Escape(string.Join(", ", report.Lists))}), {report.Overall.Observed:N0} people observed");
        foreach (var w in report.InputWarnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }

        PrintStratum(report.Overall, console);
        foreach (var s in report.Strata)
        {
            console.MarkupLine($"\n[bold]Stratum {Markup.Escape(report.StratumColumn ?? "")} = {Markup.Escape(s.Stratum)}[/]: {s.Observed:N0} observed");
            PrintStratum(s, console);
        }

        if (report.StratifiedTotal is { } t)
        {
            console.MarkupLine("\n[bold]Total over strata[/]");
            if (t.LogLinearAbundance is { } a)
            {
                console.MarkupLine($"  log-linear (sum of best-BIC models): {F(a)} (SE {F(t.LogLinearStandardError ?? double.NaN)}), 95% interval {F(t.LogLinearLower ?? double.NaN)}–{F(t.LogLinearUpper ?? double.NaN)}");
            }

            if (t.LatentClassMedian is { } m)
            {
                console.MarkupLine($"  latent-class (sum of posterior draws): median {F(m)}, 95% credible interval {F(t.LatentClassLower ?? double.NaN)}–{F(t.LatentClassUpper ?? double.NaN)}");
            }

            foreach (var w in t.Warnings)
            {
                console.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(w)}");
            }
        }
    }

    private static void PrintNamed(IReadOnlyList<NamedModelEstimate> named, IAnsiConsole console)
    {
        // The profile figures to the precision Rcapture prints them, so a reader can set them beside closedpCI.t's.
        static string P(double x) => double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "—";
        var table = new Table().Title("Named models: 95% profile-likelihood intervals (Rcapture's closedpCI.t)");
        foreach (var c in new[] { "model", "N̂", "SE", "BIC", "profile N̂", "lower", "upper" })
        {
            table.AddColumn(c);
        }

        var caveats = new List<string>();
        foreach (var m in named)
        {
            var (e, ci) = (m.Fit, m.Interval);
            table.AddRow(Markup.Escape(e.Model), F(e.Abundance), F(e.StandardError), e.Bic.ToString("F2", CultureInfo.InvariantCulture),
                P(ci.Abundance), P(ci.Lower), ci.Upper is { } u ? P(u) : "> " + P(ci.UpperSearchLimit));
            caveats.AddRange(e.Warnings.Concat(ci.Warnings).Distinct(StringComparer.Ordinal).Select(w => $"{e.Model}: {w}"));
        }

        console.Write(table);
        foreach (var w in caveats)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }
    }

    private static void PrintStratum(StratumReport s, IAnsiConsole console)
    {
        foreach (var w in s.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }

        if (s.BestModels.Count > 0)
        {
            var table = new Table().Title($"Hierarchical log-linear models, best by BIC ({s.ModelsSearched} fitted)");
            foreach (var c in new[] { "model", "N̂", "SE", "deviance", "df", "AIC", "BIC", "caveats" })
            {
                table.AddColumn(c);
            }

            foreach (var r in s.BestModels)
            {
                var e = r.Estimate;
                table.AddRow(Markup.Escape(e.Model), F(e.Abundance), F(e.StandardError), e.Deviance.ToString("F2", CultureInfo.InvariantCulture),
                    e.DegreesOfFreedom.ToString(CultureInfo.InvariantCulture), e.Aic.ToString("F2", CultureInfo.InvariantCulture),
                    e.Bic.ToString("F2", CultureInfo.InvariantCulture), e.Warnings.Count == 0 ? "" : Markup.Escape(string.Join("; ", e.Warnings)));
            }

            console.Write(table);
            if (s.BestModelInterval is { } ci)
            {
                // The table's N̂ is the Poisson fit's; the interval comes from the multinomial profile likelihood, whose peak
                // can differ by a person or so (Rcapture's closedpCI does the same). Say which figure is which.
                var best = s.BestModels.FirstOrDefault(r => r.Estimate.Model == ci.Model)?.Estimate.Abundance ?? ci.Abundance;
                var peak = Math.Round(ci.Abundance) == Math.Round(best) ? string.Empty : $" (the profile likelihood peaks at {F(ci.Abundance)})";
                console.MarkupLine($"Best by BIC: [bold]{Markup.Escape(ci.Model)}[/], N̂ = {F(best)}{peak}, 95% profile-likelihood interval {F(ci.Lower)}–{(ci.Upper is { } u ? F(u) : "> " + F(ci.UpperSearchLimit))}");
            }
        }

        if (s.NamedModels is { Count: > 0 } named)
        {
            PrintNamed(named, console);
        }

        if (s.ClosedPopulation.Count > 0)
        {
            var table = new Table().Title("Closed-population models (Rcapture's closedp)");
            foreach (var c in new[] { "model", "N̂", "SE", "deviance", "df", "BIC", "caveats" })
            {
                table.AddColumn(c);
            }

            foreach (var e in s.ClosedPopulation)
            {
                table.AddRow(Markup.Escape(e.Model), F(e.Abundance), F(e.StandardError), e.Deviance.ToString("F2", CultureInfo.InvariantCulture),
                    e.DegreesOfFreedom.ToString(CultureInfo.InvariantCulture), e.Bic.ToString("F2", CultureInfo.InvariantCulture),
                    e.Warnings.Count == 0 ? "" : Markup.Escape(string.Join("; ", e.Warnings)));
            }

            console.Write(table);
        }

        if (s.LatentClass is { } lc)
        {
            var length = lc.Converged is null ? string.Empty : $", {lc.Iterations:N0} sweeps{(lc.Converged == true ? " (converged)" : " (NOT converged)")}";
            console.MarkupLine($"Latent-class model (LCMCR, K* = {lc.MaxClasses}, {lc.Chains} chains, seed {lc.Seed}): median N = [bold]{F(lc.Median)}[/], 95% credible interval {F(lc.Lower)}–{F(lc.Upper)}, ESS {lc.EffectiveSampleSize:F0}, R-hat {lc.Rhat:F3}{length}");
            foreach (var w in lc.Warnings)
            {
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            }
        }
    }
}
