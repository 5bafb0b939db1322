using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Ledger.Blobs;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>`dossier ingest` (issue 16): files stored as evidence, their text as a derivative with an analyse event, suggestions printed; on both databases.</summary>
[Collection(CliCollection.Name)]
public class IngestCommandTests
{
    // Hamid Noury is the real, convicted perpetrator of the demo case; the second person is invented and labelled so.
    private const string Records = """
        format: dossier-workspace
        version: 1
        records:
          - kind: source
            id: s-ingest
            title: Test source (synthetic)
            type: ngo-report
            provenance: test
          - kind: person
            id: p-noury
            names:
              - { text: Hamid Noury, script: Latn, kind: full }
              - { text: حمید نوری, script: Arab, kind: full }
            sources: [s-ingest]
          - kind: person
            id: p-synthetic
            names:
              - { text: Parvin Tabrizi-Synthetic, script: Latn, kind: full }
            sources: [s-ingest]
            synthetic: true
        """;

    private sealed record Workspace(string Folder, string? Database)
    {
        public string[] At(params string[] args) => [.. args, "--workspace", Folder, .. Database is null ? Array.Empty<string>() : ["--database", Database]];

        public long LedgerSize()
        {
            var verify = Cli.Run(At("verify", "--ledger-only"));
            verify.ExitCode.ShouldBe(0, verify.All);
            var words = verify.Output.Split(' ');
            return long.Parse(words[Array.IndexOf(words, "entries") - 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        public JsonElement Show(string hash)
        {
            var show = Cli.Run(At("evidence", "show", hash));
            show.ExitCode.ShouldBe(0, show.All);
            return JsonDocument.Parse(show.Output).RootElement.Clone();
        }

        public JsonElement Derivative(string hash) => JsonDocument.Parse(File.ReadAllBytes(new BlobStore(Folder).PathOf(hash))).RootElement.Clone();

        public int VaultFiles() => Directory.Exists(Path.Combine(Folder, "blobs"))
            ? Directory.EnumerateFiles(Path.Combine(Folder, "blobs"), "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/", StringComparison.Ordinal))
            : 0;
    }

    private static async Task<Workspace> NewWorkspaceAsync(string database)
    {
        var workspace = new Workspace(Cli.NewWorkspace(), await TestDatabases.NewAsync(database));
        Cli.Run(workspace.At("init")).ExitCode.ShouldBe(0);
        var records = Path.Combine(workspace.Folder, "records.yaml");
        await File.WriteAllTextAsync(records, Records);
        var imported = Cli.Run(workspace.At("import", records));
        imported.ExitCode.ShouldBe(0, imported.All);
        return workspace;
    }

    private static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [OcrAndChromiumTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Ingest_stores_a_pdf_and_a_scan_with_their_text_as_derivatives_and_suggests_the_person_and_the_date(string database)
    {
        var workspace = await NewWorkspaceAsync(database);
        var pdf = Path.Combine(workspace.Folder, "letter.pdf");
        var png = Path.Combine(workspace.Folder, "letter-scan.png");
        await RenderedDocuments.PrintToPdfAsync(RenderedDocuments.NouryPage, pdf);
        await RenderedDocuments.ScreenshotAsync(RenderedDocuments.NouryPage, png);
        var size = workspace.LedgerSize();

        var ingest = Cli.Run(workspace.At("ingest", pdf, png, "--zone", "Europe/Stockholm", "--classification", "internal"));

        ingest.ExitCode.ShouldBe(0, ingest.All);
        workspace.LedgerSize().ShouldBe(size + 8); // per file: acquisition, derivative, analyse, suggestions
        ingest.Error.ShouldContain("note: no --collector given: recorded as local:");
        ingest.Error.ShouldContain("note: no --method given: recorded as \"read from a local file by dossier ingest\"");
        // OCR shows where it is, on standard error (a line per stage off a terminal); a text layer needs no progress.
        ingest.Error.ShouldContain("letter-scan.png (2 of 2): OCR…");
        ingest.Error.ShouldNotContain("letter.pdf (1 of 2): OCR");
        var suggestions = ingest.Output.Split('\n').Where(l => l.StartsWith("  suggests", StringComparison.Ordinal)).ToList();
        suggestions.Count(l => l.StartsWith("  suggests person p-noury (Hamid Noury)", StringComparison.Ordinal)).ShouldBe(2);
        suggestions.Count(l => l.StartsWith("  suggests date 1988-07-30 (1367/05/08 SH = 1988-07-30)", StringComparison.Ordinal)).ShouldBe(2);
        suggestions.ShouldNotContain(l => l.Contains("p-synthetic", StringComparison.Ordinal));

        foreach (var (file, method, tool) in new[] { (pdf, "text-layer", "PdfPig"), (png, "ocr", "tesseract") })
        {
            var original = workspace.Show(Hash(file));
            var analyse = original.GetProperty("custody").EnumerateArray().Single(c => c.GetProperty("action").GetString() == "analyse");
            var derivativeHash = analyse.GetProperty("body").GetProperty("result").GetString()!;
            var toolText = analyse.GetProperty("body").GetProperty("tool").GetString()!;
            toolText.ShouldStartWith("dossier ingest ");
            toolText.ShouldContain(tool + " ");
            if (tool == "tesseract")
            {
                toolText.ShouldMatch(@"tesseract \d+\.\d+[^ ]* \(fas, eng\)");
                analyse.GetProperty("body").GetProperty("note").GetString()!.ShouldContain("language models fas+eng");
            }

            var derivative = workspace.Show(derivativeHash).GetProperty("item");
            derivative.GetProperty("derivedFrom").GetString().ShouldBe(Hash(file));
            derivative.GetProperty("derivation").GetString().ShouldBe("transcript");
            derivative.GetProperty("originalName").GetString().ShouldBe(Path.GetFileName(file) + ".text.json");
            var text = workspace.Derivative(derivativeHash);
            text.GetProperty("classification").GetString().ShouldBe("internal");
            text.GetProperty("status").GetString().ShouldBe("ok");
            var page = text.GetProperty("pages").EnumerateArray().ShouldHaveSingleItem();
            page.GetProperty("method").GetString().ShouldBe(method);
            page.GetProperty("normalized").GetString()!.ShouldContain("حمید نوری در 8 مرداد 1367");
            page.GetProperty("normalized").GetString()!.ShouldContain("hamid noury");
            page.TryGetProperty("confidence", out _).ShouldBe(method == "ocr");
        }

        Cli.Run(workspace.At("verify")).ExitCode.ShouldBe(0);

        // Search inside documents (ADR 1602): a Latin spelling finds the Persian text of both, on page 1, the name marked.
        var search = Cli.Run(workspace.At("search", "Nouri"));
        search.ExitCode.ShouldBe(0, search.All);
        foreach (var file in new[] { pdf, png })
        {
            search.Output.ShouldContain($"document     {Hash(file)} {Path.GetFileName(file)}, p. 1: ");
        }

        search.Output.Split('\n').Where(l => l.StartsWith("document ", StringComparison.Ordinal)).ShouldAllBe(l => l.Contains("[نوری]", StringComparison.Ordinal) || l.Contains("[Noury]", StringComparison.Ordinal));
        search.Output.ShouldContain("person       p-noury");

        // The same files read again by the same tools: recognised, nothing written twice.
        var again = Cli.Run(workspace.At("ingest", pdf, png, "--zone", "Europe/Stockholm", "--classification", "internal"));
        again.ExitCode.ShouldBe(0, again.All);
        again.Output.ShouldContain("nothing recorded again");
        workspace.LedgerSize().ShouldBe(size + 8);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_corrupt_pdf_is_kept_as_evidence_with_its_extraction_marked_failed_and_the_reason(string database)
    {
        var workspace = await NewWorkspaceAsync(database);
        var pdf = Path.Combine(workspace.Folder, "damaged.pdf");
        await File.WriteAllBytesAsync(pdf, Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pag"));
        var size = workspace.LedgerSize();

        var ingest = Cli.Run(workspace.At("ingest", pdf, "--zone", "UTC", "--collector", "Investigator A (synthetic)", "--method", "handed over on USB"));

        ingest.ExitCode.ShouldBe(0, ingest.All);
        ingest.Error.ShouldContain($"note: {pdf}: text extraction failed: not a readable PDF: ");
        workspace.LedgerSize().ShouldBe(size + 3);
        var original = workspace.Show(Hash(pdf));
        original.GetProperty("item").GetProperty("acquisition").GetProperty("collector").GetString().ShouldBe("Investigator A (synthetic)");
        var derivativeHash = original.GetProperty("derivatives").EnumerateArray().ShouldHaveSingleItem().GetProperty("hash").GetString()!;
        var text = workspace.Derivative(derivativeHash);
        text.GetProperty("status").GetString().ShouldBe("failed");
        text.GetProperty("reason").GetString()!.ShouldStartWith("not a readable PDF: ");
        text.GetProperty("pages").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_large_file_shows_that_it_is_being_stored_and_is_kept_whole_with_its_extraction_skipped(string database)
    {
        var workspace = await NewWorkspaceAsync(database);
        // 65 MiB of bytes no extractor reads, as a video would be: past the size at which storing shows progress.
        var video = Path.Combine(workspace.Folder, "recording.bin");
        await using (var file = new FileStream(video, FileMode.CreateNew, FileAccess.Write))
        {
            var block = new byte[1 << 20];
            new Random(16).NextBytes(block);
            for (var i = 0; i < 65; i++)
            {
                block[0] = (byte)i;
                await file.WriteAsync(block);
            }
        }

        var ingest = Cli.Run(workspace.At("ingest", video, "--zone", "UTC", "--collector", "Investigator A (synthetic)", "--method", "copied from the witness's phone"));

        ingest.ExitCode.ShouldBe(0, ingest.All);
        // Off a terminal, one line as the stage starts (a bar on a terminal).
        ingest.Error.ShouldContain("recording.bin: storing…");
        var stored = new BlobStore(workspace.Folder).Verify(Hash(video));
        stored.IsIntact.ShouldBeTrue();
        stored.Size.ShouldBe(65L << 20);
        // A small file is stored without a progress line.
        var small = Path.Combine(workspace.Folder, "note.txt");
        await File.WriteAllTextAsync(small, "A short note (synthetic test text).");
        Cli.Run(workspace.At("ingest", small, "--zone", "UTC")).Error.ShouldNotContain("storing…");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_role_that_may_not_add_evidence_is_told_why_and_nothing_is_stored(string database)
    {
        // The demo's admin token crashed ingest with a NullReferenceException: a refusal was read as a success.
        var workspace = await NewWorkspaceAsync(database);
        var admin = Cli.Run(workspace.At("user", "add", "boss", "--role", "admin", "--with-token"));
        admin.ExitCode.ShouldBe(0, admin.All);
        var note = Path.Combine(workspace.Folder, "note.txt");
        await File.WriteAllTextAsync(note, "A synthetic test note.");
        var size = workspace.LedgerSize();

        var ingest = Cli.Run([.. workspace.At("ingest", note, "--zone", "UTC"), "--token", Cli.TokenIn(admin.Output, "boss")]);

        ingest.ExitCode.ShouldBe(1, ingest.All);
        ingest.Error.ShouldNotContain("Exception");
        ingest.Error.ShouldContain("error: ");
        ingest.Error.ShouldContain("note.txt was not added.");
        workspace.LedgerSize().ShouldBeLessThanOrEqualTo(size + 1); // at most the refusal, if audited
        workspace.VaultFiles().ShouldBe(0);
        Cli.Run(workspace.At("evidence", "list")).Output.ShouldNotContain("note.txt");
    }

    [OcrTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_missing_language_model_names_the_file_and_the_package_and_stores_nothing(string database)
    {
        var workspace = await NewWorkspaceAsync(database);
        var png = Path.Combine(workspace.Folder, "scan.png");
        await File.WriteAllBytesAsync(png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "a scan (synthetic)"u8]);
        var size = workspace.LedgerSize();

        var ingest = Cli.Run(workspace.At("ingest", png, "--lang", "fas+xqz", "--zone", "UTC"));

        ingest.ExitCode.ShouldBe(1, ingest.All);
        ingest.Error.ShouldContain($"error: {png}: the Tesseract language model 'xqz' is not installed: install the Debian package tesseract-ocr-xqz");
        ingest.Error.ShouldContain("it was not added");
        workspace.LedgerSize().ShouldBe(size);
        workspace.VaultFiles().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_file_already_added_as_evidence_gets_only_its_text_and_the_analyse_event(string database)
    {
        var workspace = await NewWorkspaceAsync(database);
        var statement = Path.Combine(workspace.Folder, "statement.html");
        await File.WriteAllTextAsync(statement, "<html><body><p>Statement (synthetic). Parvin Tabrizi-Synthetic saw Hamid Noury on 30 July 1988.</p><script>x()</script></body></html>");
        Cli.Run(workspace.At("evidence", "add", statement, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00", "--method", "handed over")).ExitCode.ShouldBe(0);
        var size = workspace.LedgerSize();

        var ingest = Cli.Run(workspace.At("ingest", statement, "--zone", "UTC"));

        ingest.ExitCode.ShouldBe(0, ingest.All);
        ingest.Output.ShouldContain($"{Hash(statement)}  statement.html: already in the vault");
        workspace.LedgerSize().ShouldBe(size + 3); // derivative, analyse, suggestions
        ingest.Output.ShouldContain("suggests person p-synthetic (Parvin Tabrizi-Synthetic)");
        ingest.Output.ShouldContain("suggests person p-noury (Hamid Noury)");
        ingest.Output.ShouldContain("suggests date 1988-07-30");
        var custody = workspace.Show(Hash(statement)).GetProperty("custody").EnumerateArray().Select(c => c.GetProperty("action").GetString()).ToList();
        custody.ShouldBe(["acquire", "analyse"]);
    }

    [Theory]
    [InlineData("--classification", "secret", "error: --classification: 'secret' is not one of public, internal, restricted, protected-identity")]
    [InlineData("--lang", "fas eng", "error: --lang: 'fas eng' is not a list of Tesseract language models such as fas+eng")]
    public void Bad_options_are_usage_errors_and_nothing_is_stored(string option, string value, string message)
    {
        var workspace = new Workspace(Cli.NewWorkspace(), null);
        Cli.Run(workspace.At("init")).ExitCode.ShouldBe(0);
        var file = Path.Combine(workspace.Folder, "note.txt");
        File.WriteAllText(file, "a note (synthetic)");

        var ingest = Cli.Run(workspace.At("ingest", file, option, value));

        ingest.ExitCode.ShouldBe(2, ingest.All);
        ingest.Error.ShouldContain(message);
        workspace.VaultFiles().ShouldBe(0);
    }
}
