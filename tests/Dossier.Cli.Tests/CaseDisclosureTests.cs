using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier case disclose` (issue 15 §6), on both databases: a package holding the report as the recipient may
/// receive it and a court bundle of its exhibits that verifies offline; one custody `disclose` event naming the
/// report's hash; a second disclosure to the same recipient saying what is new; classification and consent applied;
/// no protected identity or sealed word in any member.
/// </summary>
[Collection(CliCollection.Name)]
public class CaseDisclosureTests
{
    private const string Unit = "War Crimes Unit (synthetic)";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_disclosure_is_a_verifiable_package_recorded_in_custody_and_the_second_one_lists_what_is_new(string database)
    {
        var (at, exhibit) = await CaseReportTests.DemoCasesAsync(database);
        string[] Disclose(string output, params string[] more) =>
            at(["case", "disclose", "case-noury", "--to", Unit, "--authority", "request 2026/17 (synthetic)", "--reason", "request of the unit", "--out", output, .. more]);

        var first = Path.Combine(Cli.NewWorkspace(), "first.zip");
        var made = Cli.Run(Disclose(first));

        made.ExitCode.ShouldBe(0, made.All);
        var package = Members(first);
        package.Keys.Order(StringComparer.Ordinal).ShouldBe(["README.txt", "bundle.zip", "disclosure.json", "report.html"]);
        var summary = JsonDocument.Parse(package["disclosure.json"]).RootElement;
        summary.GetProperty("recipient").GetString().ShouldBe(Unit);
        summary.GetProperty("report").GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(package["report.html"])));
        var items = summary.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("hash").GetString()).ShouldContain(exhibit);
        items.ShouldAllBe(i => i.GetProperty("new").GetBoolean());

        // The bundle verifies offline with the workspace's key, and its custody entries hold this disclosure and the report's hash.
        var bundle = Path.Combine(Cli.NewWorkspace(), "bundle.zip");
        await File.WriteAllBytesAsync(bundle, package["bundle.zip"]);
        var key = Cli.Run(at(["key", "show"])).Output.Trim();
        var verified = Cli.Run("verify", bundle, "--key", key);
        verified.ExitCode.ShouldBe(0, verified.All);
        verified.Output.ShouldContain("VERIFIED");
        var entries = Members(bundle).Where(m => m.Key.StartsWith("entries/", StringComparison.Ordinal)).Select(m => Encoding.UTF8.GetString(m.Value)).ToList();
        var disclosed = entries.Where(e => e.Contains("\"evidence.disclosed\"", StringComparison.Ordinal)).ShouldHaveSingleItem();
        disclosed.ShouldContain(Unit);
        disclosed.ShouldContain(summary.GetProperty("report").GetProperty("sha256").GetString()!);
        foreach (var item in items)
        {
            disclosed.ShouldContain(item.GetProperty("hash").GetString()!);
        }

        NoSecretsIn(package);
        NoSecretsIn(Members(bundle));

        // A new exhibit and a new checkpoint: the second disclosure to the same recipient marks only it as new.
        var added = Path.Combine(Cli.NewWorkspace(), "syn-second-form.txt");
        await File.WriteAllTextAsync(added, "SYNTHETIC test exhibit: a second invented form, made by the tests.");
        var second = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(added)));
        Cli.Run(at(["evidence", "add", added, "--collector", "Tester (synthetic)", "--collected-at", "2022-05-05T10:00:00Z", "--method", "handed over"])).ExitCode.ShouldBe(0);
        Cli.Run(at(["evidence", "link", second, "c-s8-noury-role", "--reason", "a second form"])).ExitCode.ShouldBe(0);
        Cli.Run(at(["checkpoint"])).ExitCode.ShouldBe(0);
        var again = Path.Combine(Cli.NewWorkspace(), "second.zip");
        var remade = Cli.Run(Disclose(again));

        remade.ExitCode.ShouldBe(0, remade.All);
        var next = JsonDocument.Parse(Members(again)["disclosure.json"]).RootElement;
        var nextItems = next.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("hash").GetString()!, i => i.GetProperty("new").GetBoolean());
        nextItems[second].ShouldBeTrue();
        nextItems.Where(i => i.Key != second).ShouldAllBe(i => !i.Value);
        nextItems.Count.ShouldBe(items.Count + 1);
        next.GetProperty("report").GetProperty("changedSincePreviousDisclosure").GetBoolean().ShouldBeTrue();
        remade.Output.ShouldContain($"{second}\tnew");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task What_the_recipient_may_not_receive_stays_out_by_classification_and_by_consent(string database)
    {
        var (at, exhibit) = await CaseReportTests.DemoCasesAsync(database);

        // The exhibits are internal: a recipient who may receive public material only gets the report, no bundle, and no custody event is recorded.
        var publicOnly = Path.Combine(Cli.NewWorkspace(), "public.zip");
        var made = Cli.Run(at(["case", "disclose", "case-noury", "--to", "Press office (synthetic)", "--authority", "none (synthetic)", "--reason", "test",
            "--audience", "public", "--up-to", "public", "--out", publicOnly]));

        made.ExitCode.ShouldBe(0, made.All);
        var package = Members(publicOnly);
        package.Keys.ShouldNotContain("bundle.zip");
        var report = Encoding.UTF8.GetString(package["report.html"]);
        report.ShouldNotContain(exhibit);
        report.ShouldNotContain("W-001");
        NoSecretsIn(package);
        var custody = Cli.Run(at(["evidence", "show", exhibit]));
        custody.ExitCode.ShouldBe(0, custody.All);
        custody.Output.ShouldNotContain("disclose");

        // To a court: witness C consented to prosecutors only (demo/noury-testimonies.yaml), so C's words stay out and B's go in.
        var toCourt = Path.Combine(Cli.NewWorkspace(), "court.zip");
        var court = Cli.Run(at(["case", "disclose", "case-noury", "--to", "Court (synthetic)", "--authority", "order 1 (synthetic)", "--reason", "test",
            "--audience", "courts", "--up-to", "internal", "--out", toCourt]));
        court.ExitCode.ShouldBe(0, court.All);
        var courtReport = Encoding.UTF8.GetString(Members(toCourt)["report.html"]);
        courtReport.ShouldContain("st-syn-c1");
        courtReport.ShouldContain("the witness&#x27;s consent does not cover this disclosure");
        courtReport.ShouldNotContain("I was brought blindfolded");
        courtReport.ShouldContain("I will never forget that summer");

        // A disclosure without its authority is refused before anything is written.
        var refused = Path.Combine(Cli.NewWorkspace(), "refused.zip");
        var bad = Cli.Run(at(["case", "disclose", "case-noury", "--to", Unit, "--authority", " ", "--reason", "test", "--out", refused]));
        (bad.ExitCode, File.Exists(refused)).ShouldBe((1, false));
        bad.Error.ShouldContain("--authority");
    }

    private static Dictionary<string, byte[]> Members(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }, StringComparer.Ordinal);
    }

    private static void NoSecretsIn(Dictionary<string, byte[]> members)
    {
        foreach (var (name, content) in members)
        {
            var text = Encoding.UTF8.GetString(content);
            foreach (var secret in DemoSecrets.Strings.Concat(DemoSecrets.SealedWords))
            {
                text.ShouldNotContain(secret, Case.Sensitive, name);
            }
        }
    }
}
