namespace Dossier.Text.Tests;

public sealed class SimilarityTests
{
    // Published reference values (Winkler 1990; the Jaro-Winkler article's worked examples).
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944, 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.822, 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.767, 0.813)]
    [InlineData("CRATE", "TRACE", 0.733, 0.733)]
    public void Jaro_and_JaroWinkler_should_match_published_values(string a, string b, double jaro, double jaroWinkler)
    {
        Similarity.Jaro(a, b).ShouldBe(jaro, 0.0005);
        Similarity.JaroWinkler(a, b).ShouldBe(jaroWinkler, 0.0005);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3, 3)]
    [InlineData("ca", "abc", 3, 3)]
    [InlineData("19081209", "19081290", 2, 1)]
    [InlineData("", "abc", 3, 3)]
    [InlineData("noury", "nouri", 1, 1)]
    [InlineData("hosseini", "hoseyni", 2, 2)]
    public void Edit_distances_should_count_edits(string a, string b, int levenshtein, int damerau)
    {
        Similarity.Levenshtein(a, b).ShouldBe(levenshtein);
        Similarity.DamerauLevenshtein(a, b).ShouldBe(damerau);
    }

    [Theory]
    [InlineData("19081209", "19081290", true)]
    [InlineData("5304218", "5304281", true)]
    [InlineData("5304218", "530421", true)]
    [InlineData("5304218", "53042189", true)]
    [InlineData("5304218", "5304218", true)]
    [InlineData("5304218", "5403218", false)]
    [InlineData("5304218", "4304219", false)]
    [InlineData("", "a", true)]
    [InlineData("", "ab", false)]
    public void WithinOneEdit_should_accept_one_typo_and_refuse_two(string a, string b, bool expected)
    {
        Similarity.WithinOneEdit(a, b).ShouldBe(expected);
        Similarity.WithinOneEdit(b, a).ShouldBe(expected);
    }

    // The Damerau-Levenshtein table is the oracle for the linear check.
    [Fact]
    public void WithinOneEdit_should_agree_with_DamerauLevenshtein()
    {
        var random = new Random(1367);
        for (var n = 0; n < 20_000; n++)
        {
            var a = RandomWord(random);
            var b = random.Next(3) == 0 ? RandomWord(random) : Mutate(a, random);
            if (random.Next(4) == 0)
            {
                b = Mutate(b, random);
            }

            Similarity.WithinOneEdit(a, b).ShouldBe(Similarity.DamerauLevenshtein(a, b) <= 1, $"'{a}' / '{b}'");
        }
    }

    [Fact]
    public void JaroWinkler_should_be_zero_against_an_empty_string_and_one_for_two_empties()
    {
        Similarity.JaroWinkler("", "ali").ShouldBe(0.0);
        Similarity.JaroWinkler("", "").ShouldBe(1.0);
    }

    [Fact]
    public void TokenSortJaroWinkler_should_ignore_token_order()
    {
        Similarity.TokenSortJaroWinkler("ali hosseini", "hosseini ali").ShouldBe(1.0);
        Similarity.TokenSortJaroWinkler("ali", "ali").ShouldBe(1.0);
        Similarity.TokenSortJaroWinkler("ali reza", "hosseini mahmoud").ShouldBeLessThan(0.7);
    }

    [Fact]
    public void Measures_should_be_symmetric_bounded_and_one_for_equal_strings()
    {
        var random = new Random(6061);
        for (var n = 0; n < 5000; n++)
        {
            var a = RandomWord(random);
            var b = random.Next(4) == 0 ? Mutate(a, random) : RandomWord(random);

            var jw = Similarity.JaroWinkler(a, b);
            jw.ShouldBe(Similarity.JaroWinkler(b, a));
            jw.ShouldBeInRange(0.0, 1.0);
            Similarity.JaroWinkler(a, a).ShouldBe(1.0);
            Similarity.Jaro(a, b).ShouldBeLessThanOrEqualTo(jw);

            var ts = Similarity.TokenSortJaroWinkler(a, b);
            ts.ShouldBe(Similarity.TokenSortJaroWinkler(b, a));
            ts.ShouldBeInRange(0.0, 1.0);

            var dl = Similarity.DamerauLevenshteinSimilarity(a, b);
            dl.ShouldBe(Similarity.DamerauLevenshteinSimilarity(b, a));
            dl.ShouldBeInRange(0.0, 1.0);
            Similarity.DamerauLevenshteinSimilarity(a, a).ShouldBe(1.0);
        }
    }

    [Fact]
    public void Edit_distances_should_agree_with_the_textbook_full_matrix()
    {
        var random = new Random(1988);
        for (var n = 0; n < 3000; n++)
        {
            var a = RandomWord(random);
            var b = random.Next(2) == 0 ? Mutate(a, random) : RandomWord(random);
            Similarity.Levenshtein(a, b).ShouldBe(NaiveDistance(a, b, transpositions: false), $"{a} / {b}");
            Similarity.DamerauLevenshtein(a, b).ShouldBe(NaiveDistance(a, b, transpositions: true), $"{a} / {b}");
        }
    }

    [Fact]
    public void Long_strings_should_use_pooled_scratch_and_still_agree()
    {
        var a = new string('a', 300) + "bc" + new string('d', 300);
        var b = new string('a', 300) + "cb" + new string('d', 299) + "e";
        Similarity.DamerauLevenshtein(a, b).ShouldBe(NaiveDistance(a, b, transpositions: true));
        Similarity.Jaro(a, b).ShouldBe(Similarity.Jaro(b, a));
        Similarity.JaroWinkler(a, b).ShouldBeInRange(0.9, 1.0);
    }

    // Small alphabet (Latin and Persian letters) so random words share characters often.
    private const string Alphabet = "aeiouhnrsty نوری";

    private static string RandomWord(Random random)
    {
        var length = random.Next(0, 12);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Mutate(string s, Random random)
    {
        var chars = new List<char>(s);
        var edits = random.Next(1, 3);
        for (var e = 0; e < edits; e++)
        {
            var kind = random.Next(4);
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (kind)
            {
                case 0:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when chars.Count > 0:
                    chars.RemoveAt(at);
                    break;
                case 2 when chars.Count > 0:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3 when chars.Count > 1 && at < chars.Count - 1:
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                    break;
            }
        }

        return new string(chars.ToArray());
    }

    private static int NaiveDistance(string a, string b, bool transpositions)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
