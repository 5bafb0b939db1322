using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Estimates;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation.Bayesian;
using Dossier.Estimation;
using Dossier.Ledger.Canonical;

namespace Dossier.Cli.Commands;

/// <summary>
/// The CLI's side of traceable figures: records a run through <see cref="EstimateService"/> as the
/// command's principal, and re-runs a recorded one from the ledger alone (<c>estimate --rerun SEQ</c>).
/// </summary>
internal static class EstimateRecording
{
    public const string EntryType = EntryTypes.EstimateRun;

    public static async Task<long> RecordAsync(ParseResult result, string inputPath, EstimateParameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken,
        string? eventId = null)
    {
        var csv = await File.ReadAllBytesAsync(inputPath, cancellationToken);
        return await RecordAsync(result, new EstimateInput(Path.GetFileName(inputPath), Encoding.UTF8.GetString(csv), null) { Event = eventId }, parameters, report, reason, cancellationToken);
    }

    /// <summary>Records the run as the command's principal; -1 when the principal may not (the refusal is printed and audited).</summary>
    public static async Task<long> RecordAsync(ParseResult result, EstimateInput input, EstimateParameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken,
        LinkageUncertaintyBody? linkage = null)
    {
        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        // The service checks RecordEstimate and audits a refusal; the command only says who acts.
        if (await CliOptions.PrincipalAsync(result, store, cancellationToken) is not { } principal)
        {
            return -1;
        }

        var (sequence, error) = await new EstimateService(store, CliOptions.Clock).RecordAsync(input, parameters, report, principal, reason, cancellationToken, linkage);
        if (error is not null)
        {
            Console.Error.WriteLine($"error: {error}");
            return -1;
        }

        return sequence!.Value;
    }

    /// <summary>Re-runs a recorded estimate from the ledger alone and compares every figure; exit 1 on any difference.</summary>
    public static async Task<int> RerunAsync(ParseResult result, long sequence, CancellationToken cancellationToken)
    {
        if (!CliOptions.WorkspaceExists(result))
        {
            return CliOptions.NoWorkspace(result);
        }

        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        LedgerEntry? recorded = null;
        await foreach (var stored in store.ReadEntriesAsync(cancellationToken))
        {
            if (stored.Sequence == sequence)
            {
                recorded = LedgerEntry.FromBytes(stored.Bytes);
                break;
            }
        }

        if (recorded is null || !Entries.EstimateRun.Is(recorded))
        {
            Console.Error.WriteLine($"error: ledger entry #{sequence} is not a recorded estimate ({recorded?.Type ?? "no such entry"})");
            return ExitCodes.Failed;
        }

        // Read through the catalogue: a version-1 run (before sampler versions were written down) reads as sampler 1.
        var body = Entries.EstimateRun.Read(recorded);
        var input = body.Input;
        var csv = input.Csv;
        if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))) != input.Sha256)
        {
            Console.Error.WriteLine($"error: entry #{sequence}: the stored input does not match its recorded SHA-256");
            return ExitCodes.Failed;
        }

        var parameters = body.Parameters;
        var results = body.Results;
        var source = results.TryGetProperty("source", out var s) ? s.GetString()! : input.Name;
        var histories = CaptureHistoryCsv.Parse(new StringReader(csv), source, parameters.Strata);
        var report = StageProgress.Run(report => EstimationRunner.Run(histories, source, parameters.ToRequest(), new StageProgress.Relay<EstimationProgress>(p => report(p.Stage, p.Fraction)), cancellationToken));
        var again = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(report.ToJson()));
        var before = JsonCanonicalizer.Canonicalize(results);
        var drawsAgree = body.PosteriorDraws is not { } recordedDraws
            || (report.Overall.LatentClassDraws is { } drawn && recordedDraws.Count == drawn.Count && recordedDraws.Zip(drawn).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
        if (input.Workspace is { } workspace)
        {
            Console.WriteLine($"Input: capture histories derived from the workspace's lists {string.Join(", ", workspace.Lists)} " +
                $"(linkage run #{workspace.LinkageRun}, {workspace.Decisions} decision(s)){(workspace.Synthetic ? ", SYNTHETIC rows" : string.Empty)}; re-run from the histories stored in the entry.");
        }

        var linkageAgrees = true;
        if (body.LinkageUncertainty is { } recordedLinkage && parameters.Linkage is { } sampling)
        {
            linkageAgrees = await RerunLinkageAsync(store, body, recordedLinkage, sampling, report, source, cancellationToken);
        }

        if (again.AsSpan().SequenceEqual(before) && drawsAgree && linkageAgrees)
        {
            var linkage = parameters.Linkage is { } l ? $", {l.Samples} sampled clusterings (seed {l.Seed})" : string.Empty;
            Console.WriteLine($"OK: entry #{sequence} ({input.Name}, sha256 {input.Sha256[..12]}…, " +
                $"method {parameters.Method}, seed {parameters.Seed}{linkage}) re-runs to the same figures, every one of them.");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"FAILED: entry #{sequence} re-runs to different figures than it recorded.");
        return ExitCodes.Failed;
    }

    /// <summary>
    /// Linkage uncertainty (ADR 0207): the clusterings are drawn again from the linkage run and the decisions recorded
    /// before the estimate, and must give the recorded histories; the recorded histories are estimated again and must
    /// combine to the recorded figures.
    /// </summary>
    private static async Task<bool> RerunLinkageAsync(IWorkspaceStore store, EstimateRunBody body, LinkageUncertaintyBody recorded, LinkageSamplingParameters sampling,
        EstimationReport report, string source, CancellationToken cancellationToken)
    {
        var ok = true;
        if (body.Input.Workspace is { LinkageRun: { } run } workspace && LinkagePropagation.ParseDraw(sampling.Draw) is { } draw)
        {
            // Split by stratum only when the samples were (ADR 1819); entries recorded before drew whole-input histories.
            var space = await LinkagePropagation.SpaceAsync(store, workspace.Lists, run, workspace.LedgerSize, draw, sampling.Strata, cancellationToken);
            var differ = space is null ? -1 : Enumerable.Range(0, sampling.Samples).FirstOrDefault(i => LinkagePropagation.Draw(space, i, sampling.Seed) != recorded.Samples[i], -2);
            if (differ != -2)
            {
                Console.Error.WriteLine(differ == -1
                    ? $"error: linkage run #{run} cannot be read, so the sampled clusterings cannot be drawn again"
                    : $"error: sampled clustering {differ + 1} drawn again from linkage run #{run} differs from the recorded one");
                ok = false;
            }
            else
            {
                Console.WriteLine($"The {sampling.Samples} sampled clusterings, drawn again from linkage run #{run} with seed {sampling.Seed}, give the recorded histories.");
            }
        }

        var summary = LinkagePropagation.Replay(recorded, sampling, report.Overall, body.Input.Workspace?.People ?? 0, report.Strata, report.StratifiedTotal, body.Parameters.ToRequest(), source, cancellationToken);
        var again = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(LinkageUncertaintyJson.Write(summary)));
        if (!again.AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(recorded.Summary)))
        {
            Console.Error.WriteLine("error: the figures with linkage uncertainty differ from the recorded ones");
            ok = false;
        }

        return ok;
    }

}
