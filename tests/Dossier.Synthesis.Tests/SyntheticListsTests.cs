using System.Globalization;
using Dossier.Domain;
using Dossier.Synthesis;
using Dossier.Text;

namespace Dossier.Synthesis.Tests;

public class SyntheticListsTests
{
    private static readonly ListOptions[] ThreeLists =
    [
        new("A") { CaptureProbability = 0.6 },
        new("B") { CaptureProbability = 0.4, PersianScriptShare = 0.7 },
        new("C") { CaptureProbability = 0.3, DuplicateRate = 0.1 },
    ];

    [Fact]
    public void Generate_should_give_the_same_people_for_the_same_seed_and_other_people_for_another()
    {
        var options = new PopulationOptions { Size = 500 };
        var first = SyntheticPopulation.Generate(options, 7).People.ToList();
        var again = SyntheticPopulation.Generate(options, 7).People.ToList();
        var other = SyntheticPopulation.Generate(options, 8).People.ToList();
        again.ShouldBe(first);
        other.Zip(first).Count(pair => pair.First == pair.Second).ShouldBeLessThan(5);
    }

    [Fact]
    public void Indexer_should_regenerate_one_person_alone()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 1000 }, 3);
        var all = population.People.ToList();
        population[617].ShouldBe(all[617]);
        population[617].PersonId.ShouldBe(618);
        Should.Throw<ArgumentOutOfRangeException>(() => population[1000]);
    }

    [Fact]
    public void Population_should_follow_its_options()
    {
        var options = new PopulationOptions { Size = 20_000, FemaleShare = 0.25, BirthYearFrom = 1950, BirthYearTo = 1960 };
        var people = SyntheticPopulation.Generate(options, 1).People.ToList();
        people.ShouldAllBe(p => p.BirthYear >= 1950 && p.BirthYear <= 1960);
        people.ShouldAllBe(p => p.DeathDate >= options.DeathFrom && p.DeathDate <= options.DeathTo);
        WithinBinomial(people.Count(p => p.Sex == "F"), people.Count, 0.25);
        people.ShouldAllBe(p => NameNormalizer.DetectScript(p.FamilyName.Persian) == Script.Persian);
        people.ShouldAllBe(p => NameNormalizer.DetectScript(p.FamilyName.Latin) == Script.Latin);

        // Realistic name frequencies: a common head and a long tail.
        var families = people.GroupBy(p => p.FamilyName.Latin, StringComparer.Ordinal).Select(g => g.Count()).OrderDescending().ToList();
        families.Count.ShouldBeGreaterThan(500);
        families[0].ShouldBeGreaterThan(families[families.Count / 2] * 10);
    }

    [Fact]
    public void Population_should_not_give_victims_the_family_names_of_the_accused()
    {
        // A search for Noury or Raisi in the demo must not find invented people.
        var caseNames = new[] { "Noury", "Raisi", "Pour-Mohammadi", "Avaei", "Nayyeri", "Eshraghi", "Khamenei", "Khomeini" }
            .Select(PhoneticKey.Compute).ToHashSet(StringComparer.Ordinal);
        var people = SyntheticPopulation.Generate(new PopulationOptions { Size = 50_000 }, 1).People;
        people.Where(p => caseNames.Contains(PhoneticKey.Compute(p.FamilyName.Latin)) || caseNames.Contains(PhoneticKey.Compute(p.FamilyName.Persian)))
            .Select(p => p.FamilyName.Latin).Distinct().ShouldBeEmpty();
    }

    // Iran's civil registry puts its most common family name, Mohammadi, at about 1.1 % of the population;
    // real lists of tens of thousands of people hold many thousands of distinct family names.
    [Fact]
    public void Family_names_should_have_a_realistic_head_and_a_long_tail()
    {
        var people = SyntheticPopulation.Generate(new PopulationOptions { Size = 50_000 }, 3).People.ToList();
        var counts = people.GroupBy(p => p.FamilyName.Latin, StringComparer.Ordinal).Select(g => g.Count()).OrderDescending().ToList();
        ((double)counts[0] / people.Count).ShouldBeInRange(0.005, 0.02);
        counts.Count.ShouldBeGreaterThan(15_000);
        counts.Count(c => c == 1).ShouldBeGreaterThan(counts.Count / 2);
    }

    [Fact]
    public void A_zero_tail_share_should_give_only_head_family_names()
    {
        var headOnly = SyntheticPopulation.Generate(new PopulationOptions { Size = 5_000, FamilyNameTailShare = 0 }, 3).People.ToList();
        headOnly.Select(p => p.FamilyName.Latin).Distinct(StringComparer.Ordinal).Count().ShouldBeLessThan(2_000);
        headOnly.ShouldAllBe(p => !p.FamilyName.Latin.Contains(' '));
        Should.Throw<ArgumentException>(() => SyntheticPopulation.Generate(new PopulationOptions { FamilyNameTailShare = 1.5 }, 1))
            .Message.ShouldContain("FamilyNameTailShare");
    }

    [Fact]
    public void Persian_and_latin_forms_of_generated_family_names_should_share_a_phonetic_key()
    {
        // About 1,800 composed names, mostly outside the lexicon: a check of romanisation plus key at scale.
        var people = SyntheticPopulation.Generate(new PopulationOptions { Size = 50_000 }, 1).People
            .Select(p => p.FamilyName).DistinctBy(f => f.Latin).ToList();
        var mismatched = people.Where(f => PhoneticKey.Compute(f.Latin) != PhoneticKey.Compute(f.Persian)).ToList();
        ((double)mismatched.Count / people.Count).ShouldBeLessThan(0.02, string.Join(", ", mismatched.Select(f => f.Latin)));
    }

    [Fact]
    public void Sample_should_be_reproducible_and_label_truth()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 2000 }, 5);
        var rows = ListSampler.Sample(population, ThreeLists, 9).ToList();
        ListSampler.Sample(population, ThreeLists, 9).ToList().ShouldBe(rows);
        rows.Select(r => r.RecordId).Distinct(StringComparer.Ordinal).Count().ShouldBe(rows.Count);
        rows.ShouldAllBe(r => r.RecordId.StartsWith(r.ListId + "-", StringComparison.Ordinal));
        rows.ShouldAllBe(r => r.PersonId >= 1 && r.PersonId <= 2000);
    }

    [Fact]
    public void Sample_should_capture_each_list_at_its_rate()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 20_000 }, 5);
        var lists = ThreeLists.Select(l => l with { DuplicateRate = 0 }).ToArray();
        var rows = ListSampler.Sample(population, lists, 9).ToList();
        foreach (var list in lists)
        {
            WithinBinomial(rows.Count(r => r.ListId == list.ListId), population.Count, list.CaptureProbability);
        }

        // Homogeneous lists are independent: P(A and B) = P(A) P(B).
        var a = rows.Where(r => r.ListId == "A").Select(r => r.PersonId).ToHashSet();
        var b = rows.Where(r => r.ListId == "B").Select(r => r.PersonId).ToHashSet();
        WithinBinomial(a.Intersect(b).Count(), population.Count, 0.6 * 0.4);
    }

    [Fact]
    public void Sample_should_make_lists_with_heterogeneity_positively_dependent()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 20_000 }, 5);
        ListOptions[] lists = [new("A") { CaptureProbability = 0.3, Heterogeneity = 1.5 }, new("B") { CaptureProbability = 0.3, Heterogeneity = 1.5 }];
        var rows = ListSampler.Sample(population, lists, 9).ToList();
        var a = rows.Where(r => r.ListId == "A").Select(r => r.PersonId).ToHashSet();
        var b = rows.Where(r => r.ListId == "B").Select(r => r.PersonId).ToHashSet();
        var expectedIfIndependent = (double)a.Count * b.Count / population.Count;
        a.Intersect(b).Count().ShouldBeGreaterThan((int)(expectedIfIndependent * 1.3));

        // The people caught are the visible ones.
        a.Average(id => population[id - 1].Visibility).ShouldBeGreaterThan(0.3);
    }

    [Fact]
    public void Sample_should_list_some_people_twice_at_the_duplicate_rate()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 20_000 }, 5);
        var rows = ListSampler.Sample(population, [new ListOptions("A") { CaptureProbability = 0.5, DuplicateRate = 0.2 }], 9).ToList();
        var people = rows.GroupBy(r => r.PersonId).ToList();
        people.ShouldAllBe(g => g.Count() <= 2);
        WithinBinomial(people.Count(g => g.Count() == 2), people.Count, 0.2);
    }

    [Fact]
    public void Rows_should_stay_true_to_the_person_within_the_stated_errors()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 5000 }, 11);
        ListOptions[] lists = [new("A") { CaptureProbability = 1, SwapRate = 0, MissingRate = 0.1, ImpreciseDateRate = 0.3, SolarHijriDateShare = 0.5 }];
        var rows = ListSampler.Sample(population, lists, 2).ToList();
        foreach (var row in rows)
        {
            var person = population[row.PersonId - 1];
            if (row.BirthYear.Length > 0)
            {
                Math.Abs(int.Parse(row.BirthYear, CultureInfo.InvariantCulture) - person.BirthYear).ShouldBeLessThanOrEqualTo(1);
            }

            if (row.DeathDate.Length > 0)
            {
                // Every date form the generator writes is one FuzzyDate reads, and it covers the true day.
                FuzzyDate.TryParse(row.DeathDate, out var date, out var error).ShouldBeTrue(error);
                date.Overlaps(FuzzyDate.FromDay(person.DeathDate)).ShouldBeTrue($"{row.DeathDate} vs {person.DeathDate}");
            }

            row.Sex.ShouldBeOneOf("", person.Sex);
        }

        WithinBinomial(rows.Count(r => r.FatherName.Length == 0), rows.Count, 0.1);
        rows.Count(r => r.DeathDate.Contains('/', StringComparison.Ordinal)).ShouldBeGreaterThan(rows.Count / 4);
    }

    [Fact]
    public void Rows_should_be_written_in_persian_script_at_the_stated_share()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 10_000 }, 11);
        var rows = ListSampler.Sample(population, [new ListOptions("A") { CaptureProbability = 1, PersianScriptShare = 0.4, TypoRate = 0 }], 2).ToList();
        WithinBinomial(rows.Count(r => NameNormalizer.DetectScript(r.FamilyName) == Script.Persian), rows.Count, 0.4);
        rows.Count(r => r.FamilyName.Contains('\u064A', StringComparison.Ordinal) || r.FamilyName.Contains('\u0643', StringComparison.Ordinal))
            .ShouldBeGreaterThan(0, "some Persian rows use Arabic letters");
    }

    [Fact]
    public void Swap_should_exchange_given_and_family_names()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 200 }, 11);
        var rows = ListSampler.Sample(population, [new ListOptions("A") { CaptureProbability = 1, SwapRate = 1, PersianScriptShare = 1, TypoRate = 0, ArabicLetterShare = 0 }], 2).ToList();
        // Compounds may be spaced or joined; compare without spaces.
        var mismatched = rows.Where(r => Joined(r.GivenName) != Joined(population[r.PersonId - 1].FamilyName.Persian)).ToList();
        mismatched.ShouldBeEmpty();
    }

    [Fact]
    public void Romanisation_variants_should_mostly_keep_the_phonetic_key_of_the_usual_spelling()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 5000 }, 11);
        var rows = ListSampler.Sample(population, [new ListOptions("A") { CaptureProbability = 1, VariantRate = 1, TypoRate = 0, PersianScriptShare = 0, SwapRate = 0 }], 2).ToList();
        var changed = rows.Where(r => r.FamilyName != population[r.PersonId - 1].FamilyName.Latin).ToList();
        changed.Count.ShouldBeGreaterThan(rows.Count / 3);
        var same = changed.Count(r => SearchKeys.For(r.FamilyName).Phonetic.Contains(PhoneticKey.Compute(population[r.PersonId - 1].FamilyName.Latin)));
        ((double)same / changed.Count).ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Sample_should_stream_without_materialising_the_population()
    {
        var huge = SyntheticPopulation.Generate(new PopulationOptions { Size = int.MaxValue }, 1);
        var first = ListSampler.Sample(huge, [new ListOptions("A")], 1).Take(10).ToList();
        first.Count.ShouldBe(10);
    }

    [Theory]
    [InlineData("", "List id")]
    [InlineData("A B", "List id")]
    [InlineData("A", "CaptureProbability")]
    public void Sample_should_reject_bad_list_options(string listId, string reason)
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 10 }, 1);
        var options = new ListOptions(listId) { CaptureProbability = listId == "A" ? 1.5 : 0.5 };
        Should.Throw<ArgumentException>(() => ListSampler.Sample(population, [options], 1)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Sample_should_reject_duplicate_list_ids_and_no_lists()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 10 }, 1);
        Should.Throw<ArgumentException>(() => ListSampler.Sample(population, [new ListOptions("A"), new ListOptions("A")], 1)).Message.ShouldContain("more than once");
        Should.Throw<ArgumentException>(() => ListSampler.Sample(population, [], 1));
    }

    [Fact]
    public void Generate_should_reject_bad_population_options()
    {
        Should.Throw<ArgumentException>(() => SyntheticPopulation.Generate(new PopulationOptions { Size = -1 }, 1)).Message.ShouldContain("Size");
        Should.Throw<ArgumentException>(() => SyntheticPopulation.Generate(new PopulationOptions { BirthYearFrom = 1970, BirthYearTo = 1960 }, 1)).Message.ShouldContain("BirthYearTo");
    }

    private static string Joined(string name) => NameNormalizer.Normalize(name).Replace(" ", "", StringComparison.Ordinal);

    private static void WithinBinomial(int observed, int trials, double p)
    {
        var mean = trials * p;
        var sd = Math.Sqrt(trials * p * (1 - p));
        Math.Abs(observed - mean).ShouldBeLessThan(4 * sd + 1, $"observed {observed} of {trials}, expected about {mean:F0}");
    }
}

public class ListSpecificationTests
{
    [Fact]
    public void TryParse_should_read_an_id_and_named_rates()
    {
        ListOptions.TryParse("ngo:capture=0.45, variant=0.6,persian=0.1,heterogeneity=-0.5", out var options, out var error).ShouldBeTrue(error);
        options.ShouldNotBeNull();
        options.ListId.ShouldBe("ngo");
        options.CaptureProbability.ShouldBe(0.45);
        options.VariantRate.ShouldBe(0.6);
        options.PersianScriptShare.ShouldBe(0.1);
        options.Heterogeneity.ShouldBe(-0.5);
        options.TypoRate.ShouldBe(new ListOptions("x").TypoRate);
    }

    [Fact]
    public void TryParse_should_accept_a_bare_id() =>
        ListOptions.TryParse("A", out var options, out _).ShouldBeTrue();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ngo:speed=1", "unknown key 'speed'")]
    [InlineData("ngo:capture=lots", "needs a number")]
    [InlineData("ngo:capture", "needs a number")]
    [InlineData("ngo:capture=1.5", "CaptureProbability must be between 0 and 1")]
    [InlineData("n g o", "List id")]
    public void TryParse_should_explain_bad_specifications(string specification, string reason)
    {
        ListOptions.TryParse(specification, out var options, out var error).ShouldBeFalse();
        options.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(reason);
    }
}
