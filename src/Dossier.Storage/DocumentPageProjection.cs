using System.Security.Cryptography;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Search;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;

namespace Dossier.Storage;

/// <summary>
/// Search inside documents (ADR 1602): when the acquisition of an extracted-text derivative (a <c>transcript</c> in
/// the format of docs/formats/extracted-text.md) is projected, its pages are read from the vault and indexed with
/// the keys records are indexed by. The ledger names the text by its SHA-256 and the vault holds those bytes, so a
/// rebuild makes the same rows; a file that is missing or whose bytes no longer hash to the entry's hash is not
/// indexed (verify reports it). Texts classified protected-identity are never indexed.
/// </summary>
internal sealed class DocumentPageProjection(Dialect dialect, Func<string?> workspaceDirectory)
{
    /// <summary>Extracted-text files larger than this are not indexed (a 512 MiB PDF's text is far smaller).</summary>
    public const long MaxTextFile = 256L * 1024 * 1024;

    public static bool Handles(string entryType) => entryType is EntryTypes.EvidenceAcquired or EntryTypes.EvidenceClassified;

    public static IReadOnlyList<(string Table, string Sql)> Tables => [("document_pages", Dialect.DumpDocumentPagesSql)];

    public Task ClearAsync(SqlSession session, CancellationToken cancellationToken) => dialect.ClearDocumentPagesAsync(session, cancellationToken);

    public Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken) =>
        entry.Type == EntryTypes.EvidenceClassified ? ClassifiedAsync(session, entry, cancellationToken) : AcquiredAsync(session, entry, cancellationToken);

    private async Task AcquiredAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EvidenceAcquired.Read(entry);
        if (body.DerivedFrom is not { } original
            || body.Derivation != CustodyNames.Name(Derivation.Transcript)
            || body.Classification == Classification.ProtectedIdentity
            || body.Size > MaxTextFile)
        {
            return;
        }

        var hash = body.Hash.ToLowerInvariant();
        if (await session.ScalarAsync("select count(*) from document_pages where derivative = @d", cancellationToken, ("d", hash)) is not (0 or 0L))
        {
            return;
        }

        await IndexAsync(session, hash, original, body.Classification, cancellationToken);
    }

    /// <summary>
    /// A reclassified extracted text (ADR 1817): its pages take the new classification; raised to protected-identity they
    /// leave the index (on SQLite each row is deleted from the contentless FTS5 table with the keys it was indexed by,
    /// made again from the vault's bytes), and lowered from it they are indexed again. The search also joins the
    /// original's and the text's current classification, so a reclassified original hides its text at once.
    /// </summary>
    private async Task ClassifiedAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EvidenceClassified.Read(entry);
        foreach (var item in body.Items)
        {
            var hash = item.ToLowerInvariant();
            var indexed = await session.ScalarAsync("select count(*) from document_pages where derivative = @d", cancellationToken, ("d", hash)) is not (0 or 0L);
            if (body.Classification != Classification.ProtectedIdentity)
            {
                if (indexed)
                {
                    await session.ExecuteAsync("update document_pages set classification = @c where derivative = @d", cancellationToken,
                        ("c", Classifications.Name(body.Classification)), ("d", hash));
                }
                else if (await TranscriptOfAsync(session, hash, cancellationToken) is { } original)
                {
                    await IndexAsync(session, hash, original, body.Classification, cancellationToken);
                }
            }
            else if (indexed)
            {
                var original = (string)(await session.ScalarAsync("select min(original) from document_pages where derivative = @d", cancellationToken, ("d", hash)))!;
                var text = await ReadAsync(hash, original, cancellationToken);
                await dialect.DeleteDocumentPagesAsync(session, hash, text?.Pages ?? [], cancellationToken);
            }
        }
    }

    /// <summary>The original an item is the extracted text (transcript) of, when its text may be indexed; else null.</summary>
    private static async Task<string?> TranscriptOfAsync(SqlSession session, string hash, CancellationToken cancellationToken)
    {
        var derivation = await session.ScalarAsync("select derivation from evidence_items where hash = @h", cancellationToken, ("h", hash)) as string;
        var size = await session.ScalarAsync("select size from evidence_items where hash = @h", cancellationToken, ("h", hash));
        return derivation == CustodyNames.Name(Derivation.Transcript) && size is not null && Convert.ToInt64(size, System.Globalization.CultureInfo.InvariantCulture) <= MaxTextFile
            ? await session.ScalarAsync("select derived_from from evidence_items where hash = @h", cancellationToken, ("h", hash)) as string
            : null;
    }

    private async Task IndexAsync(SqlSession session, string hash, string original, Classification classification, CancellationToken cancellationToken)
    {
        if (await ReadAsync(hash, original, cancellationToken) is not { } text)
        {
            return;
        }

        foreach (var page in text.Pages)
        {
            await dialect.WriteDocumentPageAsync(session, hash, text.Original, classification, page, cancellationToken);
        }
    }

    /// <summary>The pages of the extracted text <paramref name="hash"/> of <paramref name="original"/> as the vault holds them; null when they cannot be read or are not its bytes.</summary>
    private async Task<(string Original, IReadOnlyList<DocumentPage> Pages)?> ReadAsync(string hash, string original, CancellationToken cancellationToken)
    {
        if (workspaceDirectory() is not { } directory)
        {
            return null;
        }

        var path = new BlobStore(directory).PathOf(hash);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash, StringComparison.Ordinal))
        {
            return null;
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return ExtractedText.TryRead(stream) is { } text && string.Equals(text.Original, original, StringComparison.OrdinalIgnoreCase)
            ? (text.Original, [.. text.Pages.DistinctBy(p => p.Page)])
            : null;
    }
}
