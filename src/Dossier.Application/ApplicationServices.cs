using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Estimates;
using Dossier.Application.Evidence;
using Dossier.Application.Lists;
using Dossier.Application.Protection;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dossier.Application;

/// <summary>
/// Registers a workspace's store and the application services — the only code that appends to the ledger —
/// for a host (the web app). Each service takes the acting principal on every change, checks the policy
/// table and audits refusals itself, so the host's pages and endpoints only translate.
/// </summary>
public static class ApplicationServices
{
    /// <param name="store">The opened workspace store; its capabilities (lists, evidence, accounts, audit,
    /// sealed identities) are registered beside it.</param>
    /// <param name="identityKeys">The master key store, when the host may seal and unseal identities.</param>
    /// <remarks>
    /// A host that aggregates refusals registers its own <see cref="AuditTrail"/> (the web app does, with the
    /// client's address); otherwise one is made here. The clock is the host's <see cref="TimeProvider"/>, or the system's.
    /// </remarks>
    /// <param name="frameworks">The legal frameworks cases are charged under (default: the shipped ones).</param>
    public static IServiceCollection AddDossierApplication(this IServiceCollection services, IWorkspaceStore store, MasterKeyStore? identityKeys = null, LegalFrameworks? frameworks = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.AddSingleton(store);
        services.AddSingleton(store.Lists);
        services.AddSingleton(store.Evidence);
        services.AddSingleton(store.EvidenceLinks);
        services.AddSingleton(store.Accounts);
        services.AddSingleton(store.Audit);
        services.AddSingleton(store.SealedIdentities);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AuditTrail(store, sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(frameworks ?? LegalFrameworks.Builtin);
        services.AddSingleton(sp => new WorkspaceService(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>(), sp.GetService<ProtectionService>(), sp.GetRequiredService<LegalFrameworks>()));
        services.AddSingleton(sp => new ListService(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>()));
        services.AddSingleton(sp => EvidenceService.For(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>()));
        services.AddSingleton(sp => new EvidenceLinkService(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>()));
        services.AddSingleton(sp => new EstimateService(store, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TestimonyService(store, sp.GetService<ProtectionService>()));
        services.AddSingleton(sp => new CaseService(store, sp.GetRequiredService<TestimonyService>(), sp.GetRequiredService<LegalFrameworks>()));
        if (identityKeys is not null)
        {
            services.AddSingleton(sp => new ProtectionService(store, identityKeys, sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }
}
