using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Synthesis;
using Dossier.Text;

namespace Dossier.Demo;

/// <summary>Fills a workspace with the demo case. Shared by the command and the tests.</summary>
public static class DemoWorkspace
{
    public const string CaseResource = "Dossier.Demo.noury-case.yaml";

    /// <summary>SYNTHETIC interviews, statements and allegations about the case (docs/testimony.md), imported after it.</summary>
    public const string TestimonyResource = "Dossier.Demo.noury-testimonies.yaml";

    /// <summary>The cases built from the case and the testimonies (docs/cases.md), imported last.</summary>
    public const string CasesResource = "Dossier.Demo.noury-cases.yaml";

    /// <summary>What <see cref="BuildAsync"/> returns: the CLI's exit codes.</summary>
    public const int Ok = 0;
    public const int Failed = 1;

    /// <remarks>The case file's invented protected witnesses are sealed under <paramref name="keys"/> (default: a key held only in memory).</remarks>
    /// <summary>
    /// Who builds the demo: it seals its invented witnesses, which takes a role that may write protected-identity
    /// records; it is named "dossier demo" in every entry (not an account name: those have no spaces).
    /// </summary>
    public static readonly Principal Builder = new("dossier demo", Role.Investigator);

    /// <remarks>With <paramref name="signer"/>, a checkpoint of the finished ledger is signed and kept, so the cases' reports prove their exhibits.</remarks>
    public static async Task<int> BuildAsync(IWorkspaceStore store, TimeProvider time, TextWriter log, CancellationToken cancellationToken,
        Application.Protection.MasterKeyStore? keys = null, Dossier.Ledger.Checkpoints.NoteSigner? signer = null)
    {
        var protection = DemoProtection(store, time, keys);
        var service = new WorkspaceService(store, time, protection: protection);
        if (!await ImportResourceAsync(service, CaseResource, "demo case built from FACTS.md", "demo case", protection, cancellationToken))
        {
            return Failed;
        }

        await log.WriteLineAsync("Imported the Noury case.");
        if (!await ImportResourceAsync(service, TestimonyResource, "SYNTHETIC demo testimonies", "demo testimonies", protection, cancellationToken))
        {
            return Failed;
        }

        await log.WriteLineAsync("Added SYNTHETIC interviews, statements and allegations (invented witnesses; protected witnesses' words sealed).");
        if (!await ImportResourceAsync(service, CasesResource, "demo cases", "demo cases", protection, cancellationToken))
        {
            return Failed;
        }

        await log.WriteLineAsync("Added two cases with their proof and gaps (the Noury case; a complaint in preparation).");
        if (store.WorkspaceDirectory is not null)
        {
            var problems = await DemoEvidence.AddAsync(store, time, Builder, cancellationToken);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"error: demo evidence: {problem}");
            }

            if (problems.Count > 0)
            {
                return Failed;
            }

            await log.WriteLineAsync("Added two SYNTHETIC exhibits (an invented letter and sketch) linked to the Noury case's proof.");
        }

        var lists = await SyntheticListsAsync(service, cancellationToken);
        if (lists.Count > 0)
        {
            foreach (var error in lists)
            {
                await Console.Error.WriteLineAsync($"error: synthetic lists: {error}");
            }

            return Failed;
        }

        await log.WriteLineAsync("Added the sources of three SYNTHETIC victim lists (invented people, for linkage and estimation).");
        var linked = await LinkedListsAsync(store, time, log, cancellationToken);
        if (linked == Ok && signer is not null)
        {
            await new Application.Ledger.CheckpointService(store, signer).CheckpointAsync(cancellationToken);
            await log.WriteLineAsync("Kept a signed checkpoint of the demo's ledger (the case reports' proofs lead to it).");
        }

        return linked;
    }

    /// <summary>The same lists as workspace lists: imported, linked (review queue left open) and estimated from (docs/user-guide.md).</summary>
    private static async Task<int> LinkedListsAsync(IWorkspaceStore store, TimeProvider time, TextWriter log, CancellationToken cancellationToken)
    {
        var problems = await DemoLists.BuildAsync(store, time, ListSourceId, log, cancellationToken);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"error: demo lists: {problem}");
        }

        return problems.Count == 0 ? Ok : Failed;
    }

    /// <summary>Imports one of the demo's embedded workspace files, through a temporary copy (the importer reads files).</summary>
    private static async Task<bool> ImportResourceAsync(WorkspaceService service, string resource, string reason, string what, Application.Protection.ProtectionService protection, CancellationToken cancellationToken)
    {
        await using var stream = typeof(DemoWorkspace).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The demo file {resource} is missing from this build.");
        var temporary = Path.Combine(Path.GetTempPath(), $"dossier-demo-{Guid.NewGuid():N}.yaml");
        try
        {
            await using (var file = File.Create(temporary))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            var errors = await WorkspaceExchange.ImportAsync(service, temporary, Builder, reason, cancellationToken, protection);
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"error: {what}: {error}");
            }

            return errors.Count == 0;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static Application.Protection.ProtectionService DemoProtection(IWorkspaceStore store, TimeProvider time, Application.Protection.MasterKeyStore? keys) =>
        new(store, keys ?? Application.Protection.MasterKeyStore.InMemory(Application.Protection.MasterKey.Generate()), time);

    /// <summary>The massacre event the synthetic list rows are attached to (from demo/noury-case.yaml).</summary>
    public const string MassacreEventId = "massacre-1988";

    /// <summary>
    /// The demo's prison with coordinates an invented row's prison names, in either script and the lists' spellings
    /// (Evin; Gohardasht, Gohar Dasht, Rajaei Shahr), so the map can count the victims per prison; else none.
    /// </summary>
    internal static string? PrisonPlace(string prison) =>
        prison.Contains("Evin", StringComparison.OrdinalIgnoreCase) || prison.Contains("اوین", StringComparison.Ordinal) ? "evin-prison-site"
        : prison.Contains("Gohar", StringComparison.OrdinalIgnoreCase) || prison.Contains("Rajaei", StringComparison.OrdinalIgnoreCase)
            || prison.Contains("گوهردشت", StringComparison.Ordinal) ? "gohardasht-prison-site"
        : null;

    /// <summary>
    /// The sources of three overlapping lists of invented victims (generated with a fixed seed so every demo is the
    /// same; their rows are imported by <see cref="DemoLists"/>, which makes the linked people records). Nothing here
    /// is a real person, and every record says so.
    /// </summary>
    private static async Task<IReadOnlyList<ValidationError>> SyntheticListsAsync(WorkspaceService service, CancellationToken cancellationToken)
    {
        var records = new List<Record>();
        foreach (var list in SyntheticPresets.ThreeLists)
        {
            records.Add(new Source
            {
                Id = ListSourceId(list.ListId),
                Title = $"SYNTHETIC victim list “{list.ListId}” (generated for the demo)",
                Type = "victim-list",
                Provenance = "Generated by `dossier demo` from invented names; not a real list and not real people.",
                Reliability = Reliability.F,
                Synthetic = true,
            });
        }

        return await service.CreateManyAsync(records, Builder, "SYNTHETIC victim lists for the demo (invented lists)", cancellationToken);
    }

    private static string ListSourceId(string listId) => $"syn-list-{listId}";

}
