using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dossier.Testing;
using Dossier.Web.Localization;
using Shouldly;
using Xunit;

namespace Dossier.Web.Tests;

/// <summary>
/// The Persian resources are complete and survive compilation: the resource compiler compares names ignoring
/// case and silently drops the second of two keys that differ only in case, so "person"/"Person" once left
/// kind names in English.
/// </summary>
public sealed partial class LocalizationTests
{
    private static readonly string LocalizationFolder = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Dossier.Web", "Localization");

    public static TheoryData<string> ResourceFiles => new() { "Strings.resx", "Strings.fa.resx", "EvidenceStrings.resx", "EvidenceStrings.fa.resx" };

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void Resource_file_should_have_no_two_keys_that_differ_only_in_case(string file)
    {
        var collisions = Keys(file).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        collisions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Strings")]
    [InlineData("EvidenceStrings")]
    public void Every_key_of_the_neutral_resources_should_have_a_persian_translation(string name)
    {
        var persian = Keys(name + ".fa.resx").ToHashSet(StringComparer.Ordinal);
        Keys(name + ".resx").Where(k => !persian.Contains(k)).ToList().ShouldBeEmpty();
    }

    [Fact]
    public void Every_literal_key_the_pages_look_up_should_have_a_persian_translation()
    {
        // Keys are mostly the English text itself, so the catalogue is what the pages ask for: L["…"] and E["…"].
        var strings = Keys("Strings.fa.resx").ToHashSet(StringComparer.Ordinal);
        var evidence = Keys("EvidenceStrings.fa.resx").ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        var looked = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Dossier.Web"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in LiteralLookup().Matches(File.ReadAllText(file)))
            {
                looked++;
                var key = m.Groups["key"].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
                var known = m.Groups["which"].Value == "L" ? strings : evidence;
                if (!known.Contains(key))
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        looked.ShouldBeGreaterThan(300);
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Every_choice_a_form_or_page_offers_by_key_has_both_an_english_and_a_persian_label()
    {
        // Keys built at run time: a form's enum choices ("classification.public", "qualifier.at-least") and role names.
        var english = Keys("Strings.resx").ToHashSet(StringComparer.Ordinal);
        var persian = Keys("Strings.fa.resx").ToHashSet(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var kind in Enum.GetValues<Dossier.Domain.Records.RecordKind>())
        {
            foreach (var field in Dossier.Web.Forms.RecordForm.Fields(kind))
            {
                keys.AddRange(field.Choices.Select(c => $"{field.Name}.{c}"));
                keys.AddRange(field.MemberChoices.SelectMany(m => m.Value.Select(c => $"{m.Key}.{c}")));
            }
        }

        keys.ShouldContain("classification.protected-identity");
        keys.ShouldContain("qualifier.at-least");
        keys.Where(k => !english.Contains(k) || !persian.Contains(k)).ToList().ShouldBeEmpty();
        // Field labels are the member names made readable ("sourceId" → "Source"); they are their own English text.
        var labels = Enum.GetValues<Dossier.Domain.Records.RecordKind>().SelectMany(Dossier.Web.Forms.RecordForm.Fields)
            .SelectMany(f => f.Columns.Prepend(f.Name)).Distinct(StringComparer.Ordinal);
        labels.Where(m => !persian.Contains("field." + m) && !persian.Contains(Dossier.Web.Forms.RecordForm.Humanize(m))).ToList().ShouldBeEmpty();
        // Role names are their own English text; they need a Persian one.
        Enum.GetValues<Dossier.Application.Access.Role>().Select(Dossier.Application.Access.AccessPolicy.Name).Where(k => !persian.Contains(k)).ToList().ShouldBeEmpty();
    }

    [Fact]
    public void Compiled_persian_resources_should_return_every_translation_of_the_source_file()
    {
        // Reads through the assembly's satellite resources, the way the pages do: a key dropped at build time falls back to English here.
        var manager = new ResourceManager(typeof(Strings));
        var persian = CultureInfo.GetCultureInfo("fa");
        var wrong = XDocument.Load(Path.Combine(LocalizationFolder, "Strings.fa.resx")).Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Value: (string)d.Element("value")!))
            .Where(e => manager.GetString(e.Key, persian) != e.Value)
            .Select(e => e.Key)
            .ToList();
        wrong.ShouldBeEmpty();
        manager.GetString("kind.person", persian).ShouldBe("افراد");
        manager.GetString("record.person", persian).ShouldBe("فرد");
    }

    private static IEnumerable<string> Keys(string file) =>
        XDocument.Load(Path.Combine(LocalizationFolder, file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);

    [GeneratedRegex("""\b(?<which>[LE])\["(?<key>(?:[^"\\]|\\.)*)"\]""")]
    private static partial Regex LiteralLookup();
}
