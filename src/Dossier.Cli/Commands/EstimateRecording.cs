using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation.Bayesian;
using Dossier.Estimation;
using Dossier.Ledger.Canonical;

namespace Dossier.Cli.Commands;

/// <summary>
/// Traceable figures: an estimate run recorded in the workspace ledger with its input (the capture
/// histories themselves and their SHA-256), its parameters and seed, and its full results, so any figure
/// quoted later can be traced to the entry and re-run to the same number (<c>estimate --rerun SEQ</c>).
/// </summary>
internal static class EstimateRecording
{
    public const string EntryType = EntryTypes.EstimateRun;

    /// <summary>What the run was asked for. Burn-in, samples and chains are only written when they differ from the sampler's defaults.</summary>
    public sealed record Parameters(string Method, string? Strata, ulong Seed, int? MaxOrder)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? Burnin { get; init; }

        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? Samples { get; init; }

        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? Chains { get; init; }

        /// <summary>The engine request these parameters describe: the same for the first run and every re-run.</summary>
        public EstimationRequest ToRequest()
        {
            var defaults = new LatentClassOptions();
            return new EstimationRequest
            {
                Method = Enum.Parse<EstimationMethod>(Method),
                MaxOrder = MaxOrder,
                LatentClass = defaults with
                {
                    Seed = Seed,
                    Burnin = Burnin ?? defaults.Burnin,
                    Samples = Samples ?? defaults.Samples,
                    Chains = Chains ?? defaults.Chains,
                },
            };
        }
    }

    /// <summary>Where the capture histories came from: a CSV file, or the workspace's clusters (then <c>Workspace</c> says how).</summary>
    public sealed record Input(string Name, string Csv, WorkspaceHistories? Workspace);

    public static async Task<long> RecordAsync(ParseResult result, string inputPath, Parameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        var csv = await File.ReadAllBytesAsync(inputPath, cancellationToken);
        return await RecordAsync(result, new Input(Path.GetFileName(inputPath), Encoding.UTF8.GetString(csv), null), parameters, report, reason, cancellationToken);
    }

    /// <summary>Records the run as the command's principal; -1 when the principal may not (the refusal is printed and audited).</summary>
    public static async Task<long> RecordAsync(ParseResult result, Input input, Parameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
        if (await CliOptions.PrincipalAsync(result, store, Operation.RecordEstimate, cancellationToken) is not { } principal)
        {
            return -1;
        }

        return await RecordAsync(store, principal.Name, input, parameters, report, reason, cancellationToken);
    }

    public static async Task<long> RecordAsync(IWorkspaceStore store, string actor, Input input, Parameters parameters, EstimationReport report, string reason, CancellationToken cancellationToken)
    {
        var inputBody = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = input.Name,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.Csv))),
            ["csv"] = input.Csv,
        };
        if (input.Workspace is { } w)
        {
            // How the histories were derived, so a reader can trace them to the linkage run and the decisions.
            inputBody["workspace"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["lists"] = w.Lists,
                ["linkageRun"] = w.LinkageRun,
                ["decisions"] = w.Decisions,
                ["ledgerSize"] = w.LedgerSize,
                ["people"] = w.People,
                ["strata"] = w.StrataColumn,
                ["synthetic"] = w.Synthetic,
            };
        }

        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["input"] = inputBody,
            ["parameters"] = parameters,
            ["results"] = JsonDocument.Parse(report.ToJson()).RootElement,
        };
        if (report.Overall.LatentClassDraws is { Count: > 0 } draws)
        {
            // The posterior draws of N (whole input) for the plots; the seed re-creates them, and --rerun checks they do.
            body["posteriorDraws"] = draws;
        }

        var entry = new NewEntry(EntryType, 1, actor, TimeProvider.System.GetUtcNow(), reason,
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
        var report = EstimationRunner.Run(histories, source, parameters.ToRequest(), cancellationToken);
        var again = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(report.ToJson()));
        var before = JsonCanonicalizer.Canonicalize(results);
        var drawsAgree = !recorded.Body.TryGetProperty("posteriorDraws", out var recordedDraws)
            || JsonCanonicalizer.Canonicalize(recordedDraws).AsSpan().SequenceEqual(
                JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToElement(report.Overall.LatentClassDraws, JsonOptions)));
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

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
