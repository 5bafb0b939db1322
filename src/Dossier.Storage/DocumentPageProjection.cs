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

    public static bool Handles(string entryType) => entryType == EntryTypes.EvidenceAcquired;

    public static IReadOnlyList<(string Table, string Sql)> Tables => [("document_pages", Dialect.DumpDocumentPagesSql)];

    public Task ClearAsync(SqlSession session, CancellationToken cancellationToken) => dialect.ClearDocumentPagesAsync(session, cancellationToken);

    public async Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EvidenceAcquired.Read(entry);
        if (body.DerivedFrom is not { } original
            || body.Derivation != CustodyNames.Name(Derivation.Transcript)
            || body.Classification == Classification.ProtectedIdentity
            || body.Size > MaxTextFile
            || workspaceDirectory() is not { } directory)
        {
            return;
        }

        var hash = body.Hash.ToLowerInvariant();
        var path = new BlobStore(directory).PathOf(hash);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash, StringComparison.Ordinal)
            || await session.ScalarAsync("select count(*) from document_pages where derivative = @d", cancellationToken, ("d", hash)) is not (0 or 0L))
        {
            return;
        }

        using var stream = new MemoryStream(bytes, writable: false);
        if (ExtractedText.TryRead(stream) is not { } text || !string.Equals(text.Original, original, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        foreach (var page in text.Pages.DistinctBy(p => p.Page))
        {
            await dialect.WriteDocumentPageAsync(session, hash, text.Original, body.Classification, page, cancellationToken);
        }
    }
}
