using Dossier.Application.Access;
using Dossier.Application.Ledger;

namespace Dossier.Storage;

/// <summary>
/// One area's projection: which entry types it folds in, how, how to empty it before a replay, and its
/// tables as <see cref="ProjectionDump"/> reads them (each a table name and a query of its rows).
/// </summary>
internal sealed record Projection(
    string Area,
    Func<string, bool> Handles,
    Func<SqlSession, LedgerEntry, CancellationToken, Task> ApplyAsync,
    Func<SqlSession, CancellationToken, Task> ClearAsync,
    IReadOnlyList<(string Table, string Sql)> Tables);

/// <summary>
/// The one list of projections. A new kind of entry is named in EntryTypes, appended by its service, and
/// projected by the projection of its area here (or a new one added to this list); nothing else.
/// </summary>
internal static class Projections
{
    /// <param name="workspaceDirectory">The workspace folder, whose vault holds the extracted texts the document pages are read from.</param>
    public static IReadOnlyList<Projection> All(Dialect dialect, Func<string?>? workspaceDirectory = null)
    {
        var records = new RecordProjection(dialect);
        var pages = new DocumentPageProjection(dialect, workspaceDirectory ?? (() => null));
        return
        [
            new("records", RecordProjection.Handles, records.ApplyAsync, records.ClearAsync, records.Tables),
            new("sealed identities", SealedIdentityProjection.Handles, SealedIdentityProjection.ApplyAsync, SealedIdentityProjection.ClearAsync,
                [("sealed_identities", "select subject_id, pseudonym, category, dek_id, sealed_seq, erased_seq from sealed_identities")]),
            new("accounts", AccountProjection.Handles, AccountProjection.ApplyAsync, AccountProjection.ClearAsync, [("accounts", AccountProjection.DumpSql)]),
            new("audit trail", AccessEntries.IsAudited, AuditProjection.ApplyAsync, (session, token) => session.ExecuteAsync("delete from audit_log", token),
                [("audit_log", AuditProjection.DumpSql)]),
            new("lists, linkage and estimates", ListProjector.Handles, ListProjector.ApplyAsync, ListProjector.ClearAsync, ListProjector.Tables),
            new("evidence", EvidenceProjector.Handles, EvidenceProjector.ApplyAsync, EvidenceProjector.ClearAsync, EvidenceProjector.Tables),
            new("evidence links", EvidenceLinkProjection.Handles, EvidenceLinkProjection.ApplyAsync, EvidenceLinkProjection.ClearAsync,
                [("evidence_links", EvidenceLinkProjection.DumpSql)]),
            new("document pages", DocumentPageProjection.Handles, pages.ApplyAsync, pages.ClearAsync, DocumentPageProjection.Tables),
            new("suggestions", SuggestionProjection.Handles, SuggestionProjection.ApplyAsync, SuggestionProjection.ClearAsync,
                [("document_suggestions", SuggestionProjection.DumpSql)]),
        ];
    }
}
