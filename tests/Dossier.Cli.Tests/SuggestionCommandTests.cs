using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dossier.Storage;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>The suggestion review queue (issue 16 item 3, ADR 1603): ingest records what it suggests; each suggestion is accepted (a link, or for a date a claim citing the page) or rejected, on both databases.</summary>
[Collection(CliCollection.Name)]
public partial class SuggestionCommandTests
{
    private const string Records = """
        format: dossier-workspace
        version: 1
        records:
          - kind: source
            id: s-letters
            title: Letters to families (synthetic)
            type: ngo-report
            provenance: test
          - kind: person
            id: p-noury
            names:
              - { text: Hamid Noury, script: Latn, kind: full }
              - { text: حمید نوری, script: Arab, kind: full }
            sources: [s-letters]
          - kind: person
            id: p-synthetic
            names:
              - { text: Parvin Tabrizi-Synthetic, script: Latn, kind: full }
            sources: [s-letters]
            synthetic: true
        """;

    [GeneratedRegex(@"suggests (?<what>\S+ \S+) .* — suggestion (?<id>\d+\.\d+)$", RegexOptions.Multiline)]
    private static partial Regex SuggestionLine();

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Each_suggestion_is_accepted_as_a_link_or_a_claim_citing_the_page_or_rejected_and_never_decided_twice(string database)
    {
        var folder = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(params string[] args) => [.. args, "--workspace", folder, .. db is null ? Array.Empty<string>() : ["--database", db]];
        Cli.Run(At("init")).ExitCode.ShouldBe(0);
        var records = Path.Combine(folder, "records.yaml");
        await File.WriteAllTextAsync(records, Records);
        Cli.Run(At("import", records)).ExitCode.ShouldBe(0);
        var letter = Path.Combine(folder, "letter.html");
        await File.WriteAllTextAsync(letter, "<html><body><p>Letter (synthetic). Parvin Tabrizi-Synthetic saw Hamid Noury.</p><p>حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.</p></body></html>");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(letter)));

        var ingest = Cli.Run(At("ingest", letter, "--zone", "UTC", "--classification", "internal"));

        ingest.ExitCode.ShouldBe(0, ingest.All);
        var ids = SuggestionLine().Matches(ingest.Output).ToDictionary(m => m.Groups["what"].Value, m => m.Groups["id"].Value);
        ids.Keys.Order(StringComparer.Ordinal).ShouldBe(["date 1988-07-30", "person p-noury", "person p-synthetic"]);
        var list = Cli.Run(At("suggestions", "list", hash));
        list.ExitCode.ShouldBe(0, list.All);
        list.Output.ShouldContain($"{hash}  letter.html");
        list.Output.ShouldContain($"  {ids["person p-noury"],-8} person p-noury (Hamid Noury), score 1.00, p. 1");
        list.Output.ShouldContain($"  {ids["date 1988-07-30"],-8} date 1988-07-30 (1367/05/08 SH = 1988-07-30), p. 1");

        var link = Cli.Run(At("suggestions", "accept", ids["person p-noury"], "--reason", "the letter names him"));
        var noSource = Cli.Run(At("suggestions", "accept", ids["date 1988-07-30"], "--reason", "the date of the transfer"));
        var claim = Cli.Run(At("suggestions", "accept", ids["date 1988-07-30"], "--source", "s-letters", "--subject", "p-noury", "--reason", "the date of the transfer"));
        var reject = Cli.Run(At("suggestions", "reject", ids["person p-synthetic"], "--reason", "another Parvin"));
        var twice = Cli.Run(At("suggestions", "reject", ids["person p-noury"], "--reason", "changed my mind"));
        var unknown = Cli.Run(At("suggestions", "accept", "999.9", "--reason", "x"));

        link.ExitCode.ShouldBe(0, link.All);
        link.Output.ShouldContain("letter.html is linked to p-noury (p. 1)");
        noSource.ExitCode.ShouldBe(1);
        noSource.Error.ShouldContain("source: a date becomes a claim: name the source record it rests on (--source)");
        noSource.Error.ShouldContain("Nothing was written.");
        claim.ExitCode.ShouldBe(0, claim.All);
        reject.ExitCode.ShouldBe(0, reject.All);
        twice.ExitCode.ShouldBe(1);
        twice.Error.ShouldContain($"suggestion {ids["person p-noury"]} was accepted already");
        unknown.ExitCode.ShouldBe(1);
        unknown.Error.ShouldContain("no suggestion '999.9'");

        // The claim cites the item and page, rests on the source, is about the person.
        var claimId = Regex.Match(claim.Output, @"claim (claim-\S+) cites letter\.html, p\. 1").Groups[1].Value;
        claimId.ShouldNotBeEmpty(claim.Output);
        var shown = Cli.Run(At("show", claimId));
        shown.ExitCode.ShouldBe(0, shown.All);
        shown.Output.ShouldContain($"\"locator\": \"evidence {hash}, p. 1\"");
        shown.Output.ShouldContain("\"sourceId\": \"s-letters\"");
        shown.Output.ShouldContain("the date 1988-07-30");

        // The link is the item's, on page 1, to the person.
        await using (var store = await WorkspaceStores.OpenAsync(folder, db, CancellationToken.None))
        {
            var made = (await store.EvidenceLinks.LinksFromAsync(hash, CancellationToken.None)).ShouldHaveSingleItem();
            (made.TargetId, made.Locator.PageFrom, made.Locator.PageTo, made.Reason).ShouldBe(("p-noury", (int?)1, (int?)1, "the letter names him"));
        }

        WorkspaceStores.ReleaseSqliteFiles();
        Cli.Run(At("suggestions", "list")).Output.ShouldNotContain(hash);
        var all = Cli.Run(At("suggestions", "list", "--all"));
        all.Output.ShouldContain($"[accepted in entry #");
        all.Output.ShouldContain($": claim:{claimId}]");
        all.Output.ShouldContain("[rejected in entry #");
        var verify = Cli.Run(At("verify"));
        verify.ExitCode.ShouldBe(0, verify.All);
    }
}
