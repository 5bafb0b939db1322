using System.Globalization;
using Dossier.Domain;
using Dossier.Synthesis;
using Dossier.Text;

namespace Dossier.Synthesis.Tests;

/// <summary>The harder generator (ADR 0412): namesakes, siblings, transcription errors, shifted and Solar Hijri dates.</summary>
public class HarderListsTests
{
    [Fact]
    public void Zero_kin_and_transcription_options_should_leave_the_default_output_unchanged()
    {
        // The new options draw nothing when zero: every earlier seed keeps its people and rows.
        var plain = SyntheticPopulation.Generate(new PopulationOptions { Size = 2000 }, 5);
        var zero = SyntheticPopulation.Generate(new PopulationOptions { Size = 2000, NamesakeShare = 0, SiblingShare = 0 }, 5);
        zero.People.ShouldBe(plain.People);
        var lists = SyntheticPresets.ThreeLists;
        var withZeros = lists.Select(l => l with { TranscriptionRate = 0, DeathDateErrorRate = 0, HijriBirthYearShare = 0 }).ToList();
        ListSampler.Sample(zero, withZeros, 9).Select(Fields).ShouldBe(ListSampler.Sample(plain, lists, 9).Select(Fields));
    }

    [Fact]
    public void Namesakes_should_share_given_name_head_family_name_city_and_prison_with_an_earlier_person()
    {
        var options = new PopulationOptions { Size = 20_000, NamesakeShare = 0.1 };
        var population = SyntheticPopulation.Generate(options, 3);
        var plain = SyntheticPopulation.Generate(options with { NamesakeShare = 0 }, 3);
        static string Key(SyntheticPerson p) => $"{p.GivenName.Latin}|{p.FamilyName.Latin}|{p.City.Latin}|{p.Prison.Latin}";
        var changed = Enumerable.Range(0, population.Count).Where(i => population[i] != plain[i]).ToList();

        // About a tenth of the people were changed, each into the namesake of someone before them: the
        // same given name, city, prison and family name, or its head when that person's has an origin after it.
        changed.Count.ShouldBeInRange(1800, 2200);
        var people = population.People.ToList();
        foreach (var i in changed.Take(50))
        {
            var namesake = people[i];
            people.Take(i).Any(p => p.GivenName == namesake.GivenName && p.City == namesake.City && p.Prison == namesake.Prison
                    && p.FamilyName.Latin.Split(' ')[0] == namesake.FamilyName.Latin)
                .ShouldBeTrue($"person {namesake.PersonId}");
        }

        // A namesake keeps its own father, birth year and day of death draws.
        changed.All(i => population[i].BirthYear == plain[i].BirthYear && population[i].FatherName == plain[i].FatherName).ShouldBeTrue();

        // Namesakes take head names (one word), never a place of origin after it.
        changed.Count(i => population[i].FamilyName.Latin.Contains(' ', StringComparison.Ordinal)).ShouldBe(0);
        people.GroupBy(Key).Count(g => g.Count() > 1).ShouldBeGreaterThan(plain.People.GroupBy(Key).Count(g => g.Count() > 1) * 2);
    }

    [Fact]
    public void Siblings_should_share_family_name_father_city_and_prison_and_be_born_within_six_years()
    {
        var options = new PopulationOptions { Size = 10_000, SiblingShare = 0.1 };
        var population = SyntheticPopulation.Generate(options, 4);
        var plain = SyntheticPopulation.Generate(options with { SiblingShare = 0 }, 4);
        var changed = Enumerable.Range(0, population.Count).Where(i => population[i] != plain[i]).ToList();
        changed.Count.ShouldBeInRange(900, 1100);
        foreach (var i in changed.Take(50))
        {
            var sibling = population[i];
            sibling.GivenName.ShouldBe(plain[i].GivenName);
            var kin = population.People.Take(i).Where(p => p.FamilyName == sibling.FamilyName && p.FatherName == sibling.FatherName
                && p.City == sibling.City && p.Prison == sibling.Prison && Math.Abs(p.BirthYear - sibling.BirthYear) <= 6);
            kin.ShouldNotBeEmpty($"person {sibling.PersonId}");
        }
    }

    [Fact]
    public void Kin_shares_should_be_validated()
    {
        new PopulationOptions { NamesakeShare = 0.7, SiblingShare = 0.5 }.Validate().ShouldNotBeNull().ShouldContain("NamesakeShare");
        new PopulationOptions { SiblingShare = -0.1 }.Validate().ShouldNotBeNull().ShouldContain("SiblingShare");
        ListOptions.TryParse("x:transcription=0.1,deathshift=0.2,hijribirth=0.3", out var list, out var error).ShouldBeTrue(error);
        list!.TranscriptionRate.ShouldBe(0.1);
        list.DeathDateErrorRate.ShouldBe(0.2);
        list.HijriBirthYearShare.ShouldBe(0.3);
    }

    [Fact]
    public void Transcription_errors_in_persian_script_should_change_the_name_but_keep_its_script()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 3000 }, 8);
        var list = new ListOptions("A") { CaptureProbability = 1, PersianScriptShare = 1, ArabicLetterShare = 0, TypoRate = 0, TranscriptionRate = 1, MissingRate = 0, SwapRate = 0 };
        var rows = ListSampler.Sample(population, [list], 2).ToList();
        var changed = rows.Count(r => Joined(r.FamilyName) != Joined(population[r.PersonId - 1].FamilyName.Persian));
        changed.ShouldBeGreaterThan(rows.Count * 7 / 10);
        rows.All(r => NameNormalizer.DetectScript(r.FamilyName) == Script.Persian).ShouldBeTrue();
        rows.All(r => (r.Garbling & Garbling.Transcription) != Garbling.None && (r.Garbling & Garbling.PersianScript) != Garbling.None).ShouldBeTrue();
    }

    [Fact]
    public void Latin_short_vowels_should_change_but_keep_the_first_letter()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 2000 }, 8);
        var list = new ListOptions("A") { CaptureProbability = 1, PersianScriptShare = 0, VariantRate = 0, TypoRate = 0, TranscriptionRate = 1, SwapRate = 0 };
        var rows = ListSampler.Sample(population, [list], 2).ToList();
        var given = rows.Select(r => (Row: r.GivenName, True: population[r.PersonId - 1].GivenName.Latin)).ToList();
        given.Count(g => g.Row != g.True).ShouldBeGreaterThan(given.Count * 9 / 10);
        given.All(g => g.Row[0] == g.True[0] && g.Row.Length == g.True.Length).ShouldBeTrue();
    }

    [Fact]
    public void Shifted_death_dates_and_hijri_birth_years_should_stay_within_their_stated_errors()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 4000 }, 12);
        var list = new ListOptions("A")
        {
            CaptureProbability = 1, MissingRate = 0, ImpreciseDateRate = 0, SolarHijriDateShare = 0, PersianScriptShare = 0.5,
            BirthYearErrorRate = 0, DeathDateErrorRate = 0.5, HijriBirthYearShare = 1,
        };
        var rows = ListSampler.Sample(population, [list], 2).ToList();
        var shifted = 0;
        foreach (var row in rows)
        {
            var person = population[row.PersonId - 1];
            FuzzyDate.TryParse(row.DeathDate, out var date, out var error).ShouldBeTrue(error);
            var days = Math.Abs(date.Earliest.DayNumber - person.DeathDate.DayNumber);
            days.ShouldBeLessThanOrEqualTo(20);
            shifted += days > 0 ? 1 : 0;
            if (days > 0)
            {
                (row.Garbling & Garbling.DeathDateOff).ShouldBe(Garbling.DeathDateOff);
            }

            // Persian-script rows always write the Solar Hijri year (digits of either kind); 621 or 622 less.
            var year = int.Parse(Latin(row.BirthYear), CultureInfo.InvariantCulture);
            if (year < 1500)
            {
                (person.BirthYear - year).ShouldBeInRange(621, 622);
            }
            else
            {
                year.ShouldBe(person.BirthYear);
            }
        }

        shifted.ShouldBeInRange(rows.Count * 45 / 100, rows.Count * 55 / 100);
    }

    [Fact]
    public void Garbling_flags_should_say_what_is_missing()
    {
        var population = SyntheticPopulation.Generate(new PopulationOptions { Size = 3000 }, 6);
        var rows = ListSampler.Sample(population, SyntheticPresets.HarderLists, 2).ToList();
        rows.All(r => (r.FatherName.Length == 0) == ((r.Garbling & Garbling.NoFather) != Garbling.None)).ShouldBeTrue();
        rows.All(r => (r.BirthYear.Length == 0) == ((r.Garbling & Garbling.NoBirthYear) != Garbling.None)).ShouldBeTrue();
        rows.All(r => (r.DeathDate.Length == 0) == ((r.Garbling & Garbling.NoDeathDate) != Garbling.None)).ShouldBeTrue();
        rows.Count(r => (r.Garbling & Garbling.Swapped) != Garbling.None).ShouldBeGreaterThan(0);
        rows.Count(r => (r.Garbling & Garbling.Transcription) != Garbling.None).ShouldBeGreaterThan(0);
    }

    private static string Fields(ListRecord r) =>
        string.Join('|', r.RecordId, r.PersonId, r.GivenName, r.FamilyName, r.FatherName, r.Sex, r.BirthYear, r.City, r.Prison, r.DeathDate);

    private static string Joined(string name) => name.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u200C", string.Empty, StringComparison.Ordinal);

    private static string Latin(string digits) => new([.. digits.Select(c => c is >= '\u06F0' and <= '\u06F9' ? (char)('0' + (c - '\u06F0')) : c)]);
}
