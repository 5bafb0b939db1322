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

    public static async Task<long> RecordAsync(ParseResult result, string inputPath, EstimateParameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        var csv = await File.ReadAllBytesAsync(inputPath, cancellationToken);
        return await RecordAsync(result, new EstimateInput(Path.GetFileName(inputPath), Encoding.UTF8.GetString(csv), null), parameters, report, reason, cancellationToken);
    }

    /// <summary>Records the run as the command's principal; -1 when the principal may not (the refusal is printed and audited).</summary>
    public static async Task<long> RecordAsync(ParseResult result, EstimateInput input, EstimateParameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        if (await CliOptions.PrincipalAsync(result, store, Operation.RecordEstimate, cancellationToken) is not { } principal)
        {
            return -1;
        }

        var (sequence, error) = await new EstimateService(store, CliOptions.Clock).RecordAsync(input, parameters, report, principal, reason, cancellationToken);
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

        if (recorded is null || recorded.Type != EntryType)
        {
            Console.Error.WriteLine($"error: ledger entry #{sequence} is not a recorded estimate ({recorded?.Type ?? "no such entry"})");
            return ExitCodes.Failed;
        }

        var input = recorded.Body.GetProperty("input");
        var csv = input.GetProperty("csv").GetString()!;
        if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))) != input.GetProperty("sha256").GetString())
        {
            Console.Error.WriteLine($"error: entry #{sequence}: the stored input does not match its recorded SHA-256");
            return ExitCodes.Failed;
        }

        var recordedParameters = recorded.Body.GetProperty("parameters");
        var parameters = recordedParameters.Deserialize<EstimateParameters>(EstimateService.JsonOptions)!;
        if (!recordedParameters.TryGetProperty("sampler", out _))
        {
            // Recorded before sampler versions were written down: the first sampler made those figures.
            parameters = parameters with { Sampler = 1 };
        }

        var results = recorded.Body.GetProperty("results");
        var source = results.TryGetProperty("source", out var s) ? s.GetString()! : input.GetProperty("name").GetString()!;
        var histories = CaptureHistoryCsv.Parse(new StringReader(csv), source, parameters.Strata);
        var report = EstimationRunner.Run(histories, source, parameters.ToRequest(), cancellationToken);
        var again = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(report.ToJson()));
        var before = JsonCanonicalizer.Canonicalize(results);
        var drawsAgree = !recorded.Body.TryGetProperty("posteriorDraws", out var recordedDraws)
            || JsonCanonicalizer.Canonicalize(recordedDraws).AsSpan().SequenceEqual(
                JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToElement(report.Overall.LatentClassDraws, EstimateService.JsonOptions)));
        if (input.TryGetProperty("workspace", out var workspace))
        {
            Console.WriteLine($"Input: capture histories derived from the workspace's lists {string.Join(", ", workspace.GetProperty("lists").EnumerateArray().Select(l => l.GetString()))} " +
                $"(linkage run #{workspace.GetProperty("linkageRun").GetInt64()}, {workspace.GetProperty("decisions").GetInt32()} decision(s)){(workspace.GetProperty("synthetic").GetBoolean() ? ", SYNTHETIC rows" : string.Empty)}; re-run from the histories stored in the entry.");
        }

        if (again.AsSpan().SequenceEqual(before) && drawsAgree)
        {
            Console.WriteLine($"OK: entry #{sequence} ({input.GetProperty("name").GetString()}, sha256 {input.GetProperty("sha256").GetString()![..12]}…, " +
                $"method {parameters.Method}, seed {parameters.Seed}) re-runs to the same figures, every one of them.");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"FAILED: entry #{sequence} re-runs to different figures than it recorded.");
        return ExitCodes.Failed;
    }

}
