using BenchmarkDotNet.Attributes;
using Dossier.Domain;
using Dossier.Text;

namespace Dossier.Benchmarks.Text;

/// <summary>Per-call cost of the name text kernels that search and linkage run on every name.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class NameTextBenchmarks
{
    private const string LatinName = "Mostafa Pour-Mohammadi";
    private const string PersianName = "مصطفی پورمحمدی";
    private const string UnknownPersianWord = "طاهرخانی";

    [Benchmark]
    public string Normalize_latin() => NameNormalizer.Normalize(LatinName);

    [Benchmark]
    public string Normalize_persian() => NameNormalizer.Normalize(PersianName);

    [Benchmark]
    public string Romanize_persian() => Romanizer.Romanize(PersianName);

    [Benchmark]
    public string PhoneticKey_latin_word() => PhoneticKey.Compute("Hosseinzadeh");

    [Benchmark]
    public string PhoneticKey_persian_word() => PhoneticKey.Compute("حسین‌زاده");

    [Benchmark]
    public string PhoneticKey_unknown_persian_word() => PhoneticKey.Compute(UnknownPersianWord);

    [Benchmark]
    public SearchKeys SearchKeys_latin_name() => SearchKeys.For(LatinName);

    [Benchmark]
    public SearchKeys SearchKeys_persian_name() => SearchKeys.For(PersianName);

    [Benchmark]
    public FuzzyDate FuzzyDate_parse_iso_day() => FuzzyDate.Parse("1988-07-30");

    [Benchmark]
    public FuzzyDate FuzzyDate_parse_solar_hijri_day() => FuzzyDate.Parse("۱۳۶۷/۰۵/۰۸");

    [Benchmark]
    public string FuzzyDate_to_solar_hijri() => FuzzyDate.FromDay(new DateOnly(1988, 7, 30)).ToSolarHijriString();
}
