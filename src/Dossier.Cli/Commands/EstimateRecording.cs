using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;
using Dossier.Ledger.Canonical;

namespace Dossier.Cli.Commands;

/// <summary>
/// Traceable figures: an estimate run recorded in the workspace ledger with its input (the capture
/// histories themselves and their SHA-256), its parameters and seed, and its full results, so any figure
/// quoted later can be traced to the entry and re-run to the same number (<c>estimate --rerun SEQ</c>).
/// </summary>
internal static class EstimateRecording
{
    public const string EntryType = "estimate.run";

    public sealed record Parameters(string Method, string? Strata, ulong Seed, int? MaxOrder);

    public static async Task<long> RecordAsync(ParseResult result, string inputPath, Parameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        var csv = await File.ReadAllBytesAsync(inputPath, cancellationToken);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["input"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = Path.GetFileName(inputPath),
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(csv)),
                ["csv"] = Encoding.UTF8.GetString(csv),
            },
            ["parameters"] = parameters,
            ["results"] = JsonDocument.Parse(report.ToJson()).RootElement,
        };
        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        var entry = new NewEntry(EntryType, 1, CliOptions.ActorOf(result), TimeProvider.System.GetUtcNow(), reason,
            JsonSerializer.SerializeToElement(body, JsonOptions));
        var appended = await store.AppendAsync([entry], cancellationToken);
        return appended[0].Sequence;
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

        var parameters = recorded.Body.GetProperty("parameters").Deserialize<Parameters>(JsonOptions)!;
        var results = recorded.Body.GetProperty("results");
        var source = results.TryGetProperty("source", out var s) ? s.GetString()! : input.GetProperty("name").GetString()!;
        var histories = CaptureHistoryCsv.Parse(new StringReader(csv), source, parameters.Strata);
        var report = EstimationRunner.Run(histories, source, new EstimationRequest
        {
            Method = Enum.Parse<EstimationMethod>(parameters.Method),
            MaxOrder = parameters.MaxOrder,
            LatentClass = new LatentClassOptions { Seed = parameters.Seed },
        }, cancellationToken);
        var again = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(report.ToJson()));
        var before = JsonCanonicalizer.Canonicalize(results);
        if (again.AsSpan().SequenceEqual(before))
        {
            Console.WriteLine($"OK: entry #{sequence} ({input.GetProperty("name").GetString()}, sha256 {input.GetProperty("sha256").GetString()![..12]}…, " +
                $"method {parameters.Method}, seed {parameters.Seed}) re-runs to the same figures, every one of them.");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"FAILED: entry #{sequence} re-runs to different figures than it recorded.");
        return ExitCodes.Failed;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
