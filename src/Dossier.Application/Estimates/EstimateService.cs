using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;
using Dossier.Application.Workspace;
using Dossier.Estimation;
using Dossier.Estimation.Bayesian;

namespace Dossier.Application.Estimates;

/// <summary>What the run was asked for. Burn-in, samples and chains are only written when they differ from the sampler's defaults.</summary>
public sealed record EstimateParameters(string Method, string? Strata, ulong Seed, int? MaxOrder)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Burnin { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Samples { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Chains { get; init; }

    /// <summary>Models named with --model (fitted with profile-likelihood intervals); absent when none were.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>The latent-class sampler version (always written; an entry without it was recorded with sampler 1).</summary>
    public int Sampler { get; init; } = LatentClassOptions.CurrentSampler;

    /// <summary>The engine request these parameters describe: the same for the first run and every re-run.</summary>
    public EstimationRequest ToRequest()
    {
        var defaults = new LatentClassOptions();
        return new EstimationRequest
        {
            Method = Enum.Parse<EstimationMethod>(Method),
            MaxOrder = MaxOrder,
            Models = Models ?? [],
            LatentClass = defaults with
            {
                Seed = Seed,
                Burnin = Burnin ?? defaults.Burnin,
                Samples = Samples ?? defaults.Samples,
                Chains = Chains ?? defaults.Chains,
                Sampler = Sampler,
            },
        };
    }
}

/// <summary>Where the capture histories came from: a CSV file, or the workspace's clusters (then <c>Workspace</c> says how).</summary>
public sealed record EstimateInput(string Name, string Csv, WorkspaceHistories? Workspace);

/// <summary>
/// Traceable figures: records an estimate run in the ledger with its input (the capture histories
/// themselves and their SHA-256), its parameters and seed, and its full results, so any figure quoted
/// later can be traced to the entry and re-run to the same number (<c>dossier estimate --rerun SEQ</c>).
/// </summary>
public sealed class EstimateService(IWorkspaceStore store, TimeProvider time)
{
    /// <summary>How estimate.run bodies are written and read back.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Records the run as <paramref name="by"/>; the entry's sequence, or the refusal.</summary>
    public async Task<(long? Sequence, string? Error)> RecordAsync(EstimateInput input, EstimateParameters parameters, EstimationReport report, Principal by, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.Can(by.Role, Operation.RecordEstimate))
        {
            return (null, $"recording an estimate is refused for the role {AccessPolicy.Name(by.Role)}");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return (null, "recording an estimate needs a reason");
        }

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

        var entry = new NewEntry(EntryTypes.EstimateRun, 1, by.Name, time.GetUtcNow(), reason, JsonSerializer.SerializeToElement(body, JsonOptions));
        var appended = await store.AppendAsync([entry], cancellationToken);
        return (appended[0].Sequence, null);
    }
}
