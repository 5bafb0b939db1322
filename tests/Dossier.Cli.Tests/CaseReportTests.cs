using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dossier.Ledger.Merkle;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier case report` (issue 15 §4) on the demo's cases, on both databases: byte-identical HTML from one ledger
/// state, exhibits whose SHA-256 and inclusion proofs check against the kept checkpoint, no sealed words, and a PDF
/// whose text (as Debian's pdftotext reads it) names the accused, in Latin and Persian script, and the elements.
/// </summary>
[Collection(CliCollection.Name)]
public partial class CaseReportTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_html_report_is_the_same_bytes_twice_proves_its_exhibits_and_shows_no_sealed_words(string database)
    {
        var (at, exhibit) = await DemoCasesAsync(database);

        var first = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        var second = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        var sizeBefore = Cli.LedgerSize(at([]));
        var made = Cli.Run(at(["case", "report", "case-noury", "--out", first]));
        var sizeBetween = Cli.LedgerSize(at([]));
        var again = Cli.Run(at(["case", "report", "case-noury", "--format", "html", "--out", second]));

        made.ExitCode.ShouldBe(0, made.All);
        again.ExitCode.ShouldBe(0, again.All);
        // Each report is recorded (an export), and that entry is not part of what the next report says.
        sizeBetween.ShouldBe(sizeBefore + 1);
        (await File.ReadAllBytesAsync(second)).ShouldBe(await File.ReadAllBytesAsync(first));
        var html = await File.ReadAllTextAsync(first);
        html.ShouldContain("Hamid Noury");
        html.ShouldContain("حمید نوری");
        html.ShouldContain("se-intl.killing");
        html.ShouldContain("W-001");
        html.ShouldNotContain("http://", Case.Sensitive, "the report fetches nothing");
        html.ShouldNotContain("https://", Case.Sensitive, "the report fetches nothing");
        foreach (var secret in DemoSecrets.Strings.Concat(DemoSecrets.SealedWords))
        {
            html.ShouldNotContain(secret);
        }

        // The exhibit the test added: its hash as the test computed it, and every entry proved into the kept checkpoint.
        html.ShouldContain(exhibit);
        var root = Convert.FromHexString(CheckpointRoot().Match(html).Groups["root"].Value);
        var size = long.Parse(CheckpointRoot().Match(html).Groups["size"].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var proofs = ProofLine().Matches(html);
        proofs.Count.ShouldBeGreaterThanOrEqualTo(1);
        foreach (Match proof in proofs)
        {
            var index = long.Parse(proof.Groups["index"].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            var path = Regex.Matches(proof.Groups["path"].Value, "[0-9a-f]{64}").Select(m => Convert.FromHexString(m.Value)).ToList();
            MerkleVerifier.VerifyInclusion(index, size, Convert.FromHexString(proof.Groups["leaf"].Value), path, root).IsValid.ShouldBeTrue(proof.Value);
        }

        // The matching bundle: every exhibit, proved into the same kept checkpoint, verifies offline with the same proofs.
        var hashes = ExhibitHash().Matches(html).Select(m => m.Groups["hash"].Value).ToList();
        hashes.ShouldContain(exhibit);
        var bundle = Path.Combine(Cli.NewWorkspace(), "matching.zip");
        var written = Cli.Run(at(["export", "bundle", "--items", .. hashes, "--checkpoint", size.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", bundle]));
        written.ExitCode.ShouldBe(0, written.All);
        var verified = Cli.Run("verify", bundle, "--key", Cli.Run(at(["key", "show"])).Output.Trim());
        verified.ExitCode.ShouldBe(0, verified.All);
        verified.Output.ShouldContain("VERIFIED");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(bundle))
        using (var manifest = zip.GetEntry("manifest.json")!.Open())
        {
            var entries = System.Text.Json.JsonDocument.Parse(manifest).RootElement.GetProperty("entries").EnumerateArray().ToList();
            entries.Count.ShouldBe(proofs.Count);
            foreach (var entry in entries)
            {
                var path = string.Join(' ', entry.GetProperty("inclusionProof").EnumerateArray().Select(p => Convert.ToHexStringLower(Convert.FromBase64String(p.GetString()!))));
                html.ShouldContain($"leaf <code>{Convert.ToHexStringLower(Convert.FromBase64String(entry.GetProperty("leafHash").GetString()!))}</code>");
                if (path.Length > 0)
                {
                    html.ShouldContain(path.Split(' ')[0]);
                }
            }
        }

        // A report that names a checkpoint the workspace does not keep is refused, and nothing is written.
        var missing = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        var refused = Cli.Run(at(["case", "report", "case-noury", "--checkpoint", "3", "--out", missing]));
        (refused.ExitCode, File.Exists(missing)).ShouldBe((1, false));
        refused.Error.ShouldContain("no checkpoint of 3 entries is kept");
    }

    [OcrAndChromiumTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_pdf_report_reads_back_with_the_accused_in_both_scripts_and_the_elements(string database)
    {
        var (at, _) = await DemoCasesAsync(database);
        var pdf = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        var again = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");

        var made = Cli.Run(at(["case", "report", "case-noury", "--format", "pdf", "--out", pdf]));
        Cli.Run(at(["case", "report", "case-noury", "--format", "pdf", "--out", again])).ExitCode.ShouldBe(0);

        made.ExitCode.ShouldBe(0, made.All);
        (await File.ReadAllBytesAsync(pdf)).AsSpan(0, 5).ToArray().ShouldBe("%PDF-"u8.ToArray());
        var text = await RenderedDocuments.PdfToTextAsync(pdf);
        var plain = BidiControls().Replace(text, string.Empty);
        plain.ShouldContain("Hamid Noury");
        plain.ShouldContain("حمید نوری");
        plain.ShouldContain("se-intl.killing");
        plain.ShouldContain("se-complicity.participation");
        (await RenderedDocuments.PdfToTextAsync(again)).ShouldBe(text);
        foreach (var secret in DemoSecrets.Strings.Concat(DemoSecrets.SealedWords))
        {
            plain.ShouldNotContain(secret);
        }
    }

    /// <summary>
    /// The demo's cases on <paramref name="database"/>, with one more exhibit linked to the Noury case's proof and a
    /// checkpoint kept after it: the command line and the exhibit's SHA-256 as the test computed it.
    /// </summary>
    internal static async Task<(Func<string[], string[]> At, string Exhibit)> DemoCasesAsync(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        if (db is null)
        {
            var built = Cli.Run(At(["demo", "--no-serve"]));
            built.ExitCode.ShouldBe(0, built.All);
        }
        else
        {
            Cli.Run(At(["init"])).ExitCode.ShouldBe(0);
            var token = Cli.InvestigatorToken(At([]));
            foreach (var file in new[] { "noury-case.yaml", "noury-testimonies.yaml", "noury-cases.yaml" })
            {
                var imported = Cli.Run([.. At(["import", Path.Combine(TestEnvironment.RepositoryRoot, "demo", file)]), "--token", token]);
                imported.ExitCode.ShouldBe(0, imported.All);
            }
        }

        var scan = Path.Combine(workspace, "syn-release-form.txt");
        await File.WriteAllTextAsync(scan, "SYNTHETIC test exhibit: an invented prison release form, made by the tests.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(scan)));
        Cli.Run(At(["evidence", "add", scan, "--collector", "Tester (synthetic)", "--collected-at", "2022-05-04T10:00:00Z", "--method", "handed over"])).ExitCode.ShouldBe(0);
        var linked = Cli.Run(At(["evidence", "link", hash, "c-s8-noury-role", "--reason", "the form names the post"]));
        linked.ExitCode.ShouldBe(0, linked.All);
        Cli.Run(At(["checkpoint"])).ExitCode.ShouldBe(0);
        return (At, hash);
    }

    [GeneratedRegex(@"checkpoint of (?<size>[0-9,]+) entries, root <code>(?<root>[0-9a-f]{64})</code>")]
    private static partial Regex CheckpointRoot();

    [GeneratedRegex(@"entry #(?<index>[0-9,]+) leaf <code>(?<leaf>[0-9a-f]{64})</code><br>path: (?<path>[^\n]*)</p>")]
    private static partial Regex ProofLine();

    [GeneratedRegex(@"<code class=""hash"">(?<hash>[0-9a-f]{64})</code>")]
    private static partial Regex ExhibitHash();

    [GeneratedRegex("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")]
    private static partial Regex BidiControls();
}
