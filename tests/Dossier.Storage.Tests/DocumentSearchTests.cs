using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Search;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;

namespace Dossier.Storage.Tests;

/// <summary>
/// Search inside documents (issue 16 item 2, ADR 1602): the pages of an ingested file's extracted text are indexed with
/// the keys records are, found across scripts with their page and a marked snippet, never above the reader's
/// classification, never at all when protected-identity, and rebuilt from the ledger and the vault.
/// </summary>
public class DocumentSearchTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines (synthetic)", Role.Investigator);

    // Page 1 names Pour-Mohammadi written apart; page 2 is the Persian sentence about Hamid Noury.
    internal static readonly string[] Letter =
    [
        "Letter (synthetic test document)\nمصطفی پور محمدی عضو هیئت بود.",
        "\u200Fحمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.\nThe rest of the page says nothing.",
    ];

    /// <summary>The extracted-text document as `dossier ingest` writes it (docs/formats/extracted-text.md), made here by hand.</summary>
    private static byte[] ExtractedText(string originalHash, string name, IReadOnlyList<string> pages, string format = "dossier.extracted-text")
    {
        var json = new
        {
            format,
            version = 1,
            original = new { hash = originalHash, name, mediaType = "application/pdf" },
            classification = "internal",
            status = "ok",
            kind = "pdf",
            languages = Array.Empty<string>(),
            tools = new[] { new { name = "test", version = "1", models = Array.Empty<string>() } },
            pages = pages.Select((text, i) => new { page = i + 1, method = "text-layer", text, normalized = text }).ToArray(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    internal static async Task<IngestResult> IngestAsync(TestStore test, string name, IReadOnlyList<string> pages, Classification classification)
    {
        var service = EvidenceService.For(test.Store, new FixedTime());
        var file = Encoding.UTF8.GetBytes("%PDF-1.7 (synthetic) " + string.Join("\f", pages));
        var ingested = await service.IngestAsync(new MemoryStream(file), name, EvidenceStoreTests.Acquisition() with { Classification = classification },
            (stored, _) => Task.FromResult(new AnalysisOutput(ExtractedText(stored.Hash, name, pages), name + ".text.json",
                EvidenceStoreTests.Acquisition() with { Tool = "dossier ingest", Method = "text extracted" }, "dossier ingest test", null)),
            Investigator, "ingest of a test document", None);
        ingested.Status.ShouldBe(EvidenceStatus.Added, string.Join("; ", ingested.Errors));
        return ingested;
    }

    internal static Task<IReadOnlyList<DocumentHit>> SearchAsync(TestStore test, string query, Classification ceiling = Classification.ProtectedIdentity) =>
        DocumentSearch.SearchAsync(test.Store.Evidence, query, ceiling, 20, None);

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_latin_spelling_finds_the_persian_page_with_its_number_and_the_name_marked_in_the_snippet(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var ingested = await IngestAsync(test, "letter.pdf", Letter, Classification.Internal);

        var hit = (await SearchAsync(test, "Nouri", Classification.Internal)).ShouldHaveSingleItem();

        hit.Hash.ShouldBe(ingested.Original!.Hash);
        hit.TextHash.ShouldBe(ingested.Derivative!.Hash);
        hit.Name.ShouldBe("letter.pdf");
        hit.Page.ShouldBe(2);
        hit.Snippet.Where(p => p.Matched).Select(p => p.Text).ShouldBe(["نوری"]);
        hit.SnippetText().ShouldStartWith("حمید [نوری] در ۸ مرداد ۱۳۶۷");
        // The other script, and a compound written apart on the page found by its one-word spelling.
        (await SearchAsync(test, "نوری")).ShouldHaveSingleItem().Page.ShouldBe(2);
        (await SearchAsync(test, "Noury 1367")).ShouldHaveSingleItem().Page.ShouldBe(2);
        (await SearchAsync(test, "Pourmohammadi")).ShouldHaveSingleItem().Page.ShouldBe(1);
        (await SearchAsync(test, "Nasiri")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_page_stored_in_arabic_presentation_forms_is_found_and_its_snippet_shows_the_letters(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        // As a browser's print to PDF stores "حمید نوری": glyph forms, isolated, initial, medial and final.
        await IngestAsync(test, "printed.pdf", ["\uFEA3\uFEE4\uFBFF\uFEAA \uFEE7\uFEEE\uFEAE\uFBFD در ۸ مرداد ۱۳۶۷"], Classification.Internal);

        var hit = (await SearchAsync(test, "Nouri")).ShouldHaveSingleItem();

        hit.SnippetText().ShouldBe("حمید [نوری] در ۸ مرداد ۱۳۶۷");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_page_of_a_restricted_document_is_found_only_by_readers_of_restricted(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        await IngestAsync(test, "restricted.pdf", Letter, Classification.Restricted);

        (await SearchAsync(test, "Nouri", Classification.Internal)).ShouldBeEmpty();
        (await SearchAsync(test, "Nouri", Classification.Public)).ShouldBeEmpty();
        (await SearchAsync(test, "Nouri", Classification.Restricted)).ShouldHaveSingleItem().Classification.ShouldBe(Classification.Restricted);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_text_of_a_protected_identity_document_never_enters_the_index(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        await IngestAsync(test, "witness.pdf", ["Statement of Zorbanexa Quillfeather (synthetic witness) about Hamid Noury."], Classification.ProtectedIdentity);

        (await SearchAsync(test, "Zorbanexa", Classification.ProtectedIdentity)).ShouldBeEmpty();
        (await SearchAsync(test, "Noury", Classification.ProtectedIdentity)).ShouldBeEmpty();
        await test.Store.RebuildProjectionsAsync(null, None);
        (await SearchAsync(test, "Zorbanexa", Classification.ProtectedIdentity)).ShouldBeEmpty();
        (await test.Store.DumpProjectionsAsync(None)).ShouldNotContain("Zorbanexa");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_pages_are_rebuilt_from_the_ledger_and_the_vault_and_text_whose_bytes_changed_is_not_indexed(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var ingested = await IngestAsync(test, "letter.pdf", Letter, Classification.Internal);
        // A JSON transcript added by hand in another format is evidence, not an extracted-text document: not indexed.
        var service = EvidenceService.For(test.Store, new FixedTime());
        var other = await service.AddAsync(new MemoryStream(ExtractedText(ingested.Original!.Hash, "letter.pdf", ["Nasiri named here (synthetic)"], format: "someone.else")),
            "notes.json", EvidenceStoreTests.Acquisition(ingested.Original.Hash, Derivation.Transcript), Investigator, "notes", None);
        other.Status.ShouldBe(EvidenceStatus.Added);
        (await SearchAsync(test, "Nasiri")).ShouldBeEmpty();

        var before = await test.Store.DumpProjectionsAsync(None);
        before.ShouldContain("## document_pages\n");
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        (await SearchAsync(test, "Nouri")).ShouldHaveSingleItem().Page.ShouldBe(2);
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();

        // The text file altered in the vault: verify names it (elsewhere); a rebuild indexes nothing of it.
        var path = new BlobStore(test.Directory).PathOf(ingested.Derivative!.Hash);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllBytesAsync(path, ExtractedText(ingested.Original.Hash, "letter.pdf", ["Nouri was never here (altered)"]), None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await SearchAsync(test, "Nouri")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_reader_finds_their_page_behind_more_than_400_pages_above_their_classification(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        // Indexed first, so an index walked in order meets them first: 450 restricted pages naming the same invented word.
        await IngestAsync(test, "restricted-bulk.pdf", [.. Enumerable.Range(1, 450).Select(i => $"Page {i} of a restricted file (synthetic) names Qelvarost.")], Classification.Restricted);
        var open = await IngestAsync(test, "internal-note.pdf", ["An internal note (synthetic) that also names Qelvarost."], Classification.Internal);

        var hits = await SearchAsync(test, "Qelvarost", Classification.Internal);

        hits.ShouldHaveSingleItem().Hash.ShouldBe(open.Original!.Hash);
        (await SearchAsync(test, "Qelvarost", Classification.Restricted)).Count.ShouldBe(20);
    }
}
