using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Documents;
using Dossier.Domain.Records;

namespace Dossier.Web.Documents;

/// <summary>What one file's ingest did: the service's result, the text read, and the names and dates suggested (suggestion N is <c>SEQ.N</c> of <see cref="IngestResult.SuggestionEntry"/>).</summary>
public sealed record DocumentIngestResult(IngestResult Ingested, ExtractedDocument? Extracted, IReadOnlyList<Suggestion> Suggestions);

/// <summary>
/// The ingest of one file, the same for the CLI (<c>dossier ingest</c>), the API (<c>POST /api/v1/evidence/ingest</c>) and the
/// upload form: the file is stored as <c>evidence add</c> stores it, its text extracted (<see cref="DocumentExtractor"/>), the
/// names the principal may read and the dates in it found (<see cref="SuggestionFinder"/>), and all of it recorded in one append
/// by <see cref="EvidenceService.IngestAsync"/> (ADR 1601, 1603). A missing OCR tool throws <see cref="ToolMissingException"/>
/// and nothing is stored.
/// </summary>
public static class DocumentIngest
{
    public const string DerivativeSuffix = ".text.json";

    public static async Task<DocumentIngestResult> IngestAsync(
        EvidenceService service, IWorkspaceStore store, Stream content, string originalName, AcquisitionRequest request, ExtractionOptions options,
        Principal by, string? reason, TimeProvider time, CancellationToken cancellationToken, NameIndex? names = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(time);
        names ??= await NamesAsync(store, by, cancellationToken);
        ExtractedDocument? extracted = null;
        IReadOnlyList<Suggestion> found = [];
        var ingested = await service.IngestAsync(content, originalName, request, async (stored, token) =>
        {
            extracted = await DocumentExtractor.ExtractAsync(stored.VaultPath, options, token, stored.OriginalName);
            found = SuggestionFinder.Find(extracted, names);
            // Recorded with the text, for the review queue (ADR 1603): record ids and dates with pages, never the words matched.
            return Derivative(extracted, stored, request, by.Name, time) with
            {
                Suggestions = [.. found.Select(f => new SuggestedItem(f.Kind, f.Target, f.Label, f.Pages, f.Score))],
            };
        }, by, reason ?? $"ingest of {Path.GetFileName(originalName)}", cancellationToken);
        return new DocumentIngestResult(ingested, extracted, found);
    }

    private static AnalysisOutput Derivative(ExtractedDocument extracted, StoredOriginal stored, AcquisitionRequest request, string maker, TimeProvider time)
    {
        var tools = extracted.ToolSummary;
        var acquisition = new AcquisitionRequest
        {
            Collector = maker,
            CollectedAt = time.GetUtcNow(),
            Zone = request.Zone,
            Method = $"text extracted from {stored.Hash} by dossier ingest",
            Tool = "dossier ingest",
            ToolVersion = typeof(DocumentIngest).Assembly.GetName().Version?.ToString() ?? "0",
            Note = $"tools: {tools}",
        };
        var note = extracted.Describe() + (extracted.Languages.Count > 0 ? $"; language models {string.Join("+", extracted.Languages)}" : string.Empty);
        return new AnalysisOutput(extracted.ToJson(stored.Hash, stored.OriginalName, stored.MediaType, Classifications.Name(request.Classification)),
            stored.OriginalName + DerivativeSuffix, acquisition, $"dossier ingest {acquisition.ToolVersion}: {tools}", note);
    }

    /// <summary>The index of the names <paramref name="principal"/> may see suggested; built once for many files.</summary>
    public static Task<NameIndex> NamesAsync(IWorkspaceStore store, Principal principal, CancellationToken cancellationToken) =>
        NamesAsync(store, principal, [RecordKind.Person, RecordKind.Organization, RecordKind.Place], cancellationToken);

    /// <summary>
    /// The same index for some kinds only, in their order of precedence: where two records share a name ("Evin
    /// prison", the place and the organisation), the kind listed first is suggested.
    /// </summary>
    public static async Task<NameIndex> NamesAsync(IWorkspaceStore store, Principal principal, IReadOnlyList<RecordKind> kinds, CancellationToken cancellationToken) =>
        NameIndex.Build(await KnownNamesAsync(store, principal, kinds, cancellationToken));

    /// <summary>
    /// The names of the people, organisations and places the principal may read, never those of protected identities
    /// (their records hold pseudonyms, and even those are not printed beside a document).
    /// </summary>
    private static async Task<List<KnownName>> KnownNamesAsync(IWorkspaceStore store, Principal principal, IReadOnlyList<RecordKind> kinds, CancellationToken cancellationToken)
    {
        var readable = AccessPolicy.HighestReadable(principal.Role);
        var ceiling = readable > Classification.Restricted ? Classification.Restricted : readable;
        var names = new List<KnownName>();
        foreach (var kind in kinds)
        {
            for (var offset = 0; ; offset += 1000)
            {
                var page = await store.ListAsync(kind, ceiling, offset, 1000, cancellationToken);
                foreach (var envelope in page.Where(e => !e.Retracted && e.Record.Classification <= ceiling))
                {
                    var texts = envelope.Record switch
                    {
                        Person person => person.SearchableNames(),
                        Organization organization => organization.Names.Select(n => n.Text),
                        Place place => place.Names.Select(n => n.Text),
                        _ => [],
                    };
                    var kindName = JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
                    names.AddRange(texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)
                        .Select(t => new KnownName(envelope.Id, kindName, envelope.Record.Label, t)));
                }

                if (page.Count < 1000)
                {
                    break;
                }
            }
        }

        return names;
    }
}
