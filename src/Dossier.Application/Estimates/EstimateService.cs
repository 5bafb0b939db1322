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

    /// <summary>How linkage uncertainty was sampled (v3 entries from the workspace); absent for a plug-in estimate.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LinkageSamplingParameters? Linkage { get; init; }

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
public sealed record EstimateInput(string Name, string Csv, WorkspaceHistories? Workspace)
{
    /// <summary>The event record whose victims the estimate counts (an id of an event record), or null.</summary>
    public string? Event { get; init; }
}

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
    public async Task<(long? Sequence, string? Error)> RecordAsync(EstimateInput input, EstimateParameters parameters, EstimationReport report, Principal by, string reason, CancellationToken cancellationToken,
        LinkageUncertaintyBody? linkage = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(parameters);
        if ((linkage is null) != (parameters.Linkage is null))
        {
            throw new ArgumentException("linkage uncertainty and its sampling parameters are recorded together", nameof(linkage));
        }

        if (!AccessPolicy.Can(by.Role, Operation.RecordEstimate))
        {
            return (null, $"recording an estimate is refused for the role {AccessPolicy.Name(by.Role)}");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return (null, "recording an estimate needs a reason");
        }

        if (input.Event is { } eventId && (await store.GetAsync(eventId, cancellationToken) is not { Kind: Dossier.Domain.Records.RecordKind.Event, Retracted: false }))
        {
            return (null, $"--event: there is no event record '{eventId}' (give the id of the event whose victims the estimate counts)");
        }

        // How the histories were derived, so a reader can trace them to the linkage run and the decisions.
        var workspace = input.Workspace is { } w
            ? new EstimateRunBody.WorkspaceInfo(w.Lists, w.LinkageRun, w.Decisions, w.LedgerSize, w.People, w.StrataColumn, w.Synthetic, w.StrataGroups.Count > 0 ? w.StrataGroups : null)
            : null;
        var body = new EstimateRunBody(
            new EstimateRunBody.InputInfo(input.Name, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.Csv))), input.Csv, workspace),
            parameters,
            JsonDocument.Parse(report.ToJson()).RootElement,
            // The posterior draws of N (whole input) for the plots; the seed re-creates them, and --rerun checks they do.
            report.Overall.LatentClassDraws is { Count: > 0 } draws ? draws : null,
            linkage,
            input.Event);
        var entry = Entries.EstimateRun.New(body, by.Name, time.GetUtcNow(), reason);
        var appended = await store.AppendAsync([entry], cancellationToken);
        return (appended[0].Sequence, null);
    }
}
