using System.Globalization;
using System.Text;

namespace Dossier.Testimony.Synthetic;

/// <summary>How many SYNTHETIC allegations to write statements about, and from which seed.</summary>
public sealed record SyntheticTestimonyOptions
{
    public int Seed { get; init; } = 1;

    public int Allegations { get; init; } = 40;

    /// <summary>Share of statements written in Persian; the rest are in English.</summary>
    public double PersianShare { get; init; } = 0.5;
}

/// <summary>
/// SYNTHETIC statements with their ground truth: every pair of coached near-copies (left &lt; right, ordinal)
/// and the number of independent lines of each allegation and stance, counted from how the statements were
/// made (one witness, one intermediary, one coached script) — never from what the engines find.
/// </summary>
public sealed record SyntheticTestimony(
    IReadOnlyList<Statement> Statements,
    IReadOnlyList<(string Left, string Right)> NearCopies,
    IReadOnlyDictionary<(string AllegationId, Stance Stance), int> Lines);

/// <summary>
/// Writes SYNTHETIC witness statements (invented witnesses; ids, intermediaries, interviewers and organisations
/// all say SYN) about invented allegations against accused whose names come in many spellings and both
/// scripts (docs/formats/testimony-csv.md, "Synthetic statements"). Per allegation: honest witnesses who tell the
/// facts in their own words, some twice; honest contradictions; sometimes a coached group — copies of one script,
/// each with a new first sentence, a few words swapped, the accused's name respelt or written in the other
/// script, and Persian written with other letter forms, digits and ZWNJ habits; sometimes several witnesses who
/// came through one intermediary.
/// </summary>
public static class TestimonyGenerator
{
    private static readonly string[] Interviewers = [.. Enumerable.Range(1, 12).Select(i => $"SYN interviewer {i}")];
    private static readonly string[] Organizations = [.. "ABCDE".Select(c => $"SYN organisation {c} (SYNTHETIC)")];

    public static SyntheticTestimony Generate(SyntheticTestimonyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var drafts = new List<Draft>();
        var groups = 0;
        var witnesses = 0;
        for (var a = 0; a < options.Allegations; a++)
        {
            var random = Random64.For(options.Seed, (ulong)a);
            var facts = new Facts(
                $"SYN-A{a + 1:D5}",
                random.Pick(Phrases.Accused),
                random.Pick(Phrases.Places),
                random.Pick(Phrases.Acts),
                random.Between(1, 28),
                random.Next(3));
            var honest = new List<Draft>();
            void Honest(Stance stance)
            {
                var witness = $"SYN-W{++witnesses:D6}";
                var persian = random.Chance(options.PersianShare);
                honest.Add(new Draft(facts.Allegation, witness, stance, persian, Write(facts, stance, persian, ref random)));
                if (random.Chance(0.15))
                {
                    // The same witness again, in other words (a second interview).
                    persian = random.Chance(options.PersianShare);
                    honest.Add(new Draft(facts.Allegation, witness, stance, persian, Write(facts, stance, persian, ref random)));
                }
            }

            for (var i = random.Between(2, 7); i > 0; i--)
            {
                Honest(Stance.Supports);
            }

            for (var i = random.Chance(0.5) ? random.Between(1, 3) : 0; i > 0; i--)
            {
                Honest(Stance.Contradicts);
            }

            var intermediary = 0;
            if (random.Chance(0.35) && honest.Count >= 2)
            {
                var shared = $"SYN intermediary {a + 1}-{++intermediary}";
                foreach (var draft in Sample(honest, random.Between(2, Math.Min(4, honest.Count)), ref random))
                {
                    draft.Intermediary = shared;
                }
            }

            foreach (var draft in honest.Where(d => d.Intermediary.Length == 0))
            {
                if (random.Chance(0.3))
                {
                    draft.Intermediary = $"SYN intermediary {a + 1}-{++intermediary}";
                }
            }

            drafts.AddRange(honest);
            if (random.Chance(0.45))
            {
                var group = ++groups;
                var stance = random.Chance(0.6) ? Stance.Contradicts : Stance.Supports;
                var persian = random.Chance(options.PersianShare);
                var script = Write(facts, stance, persian, ref random, styled: false);
                var through = random.Chance(0.5) ? $"SYN intermediary {a + 1}-{++intermediary}" : string.Empty;
                for (var i = random.Between(2, 6); i > 0; i--)
                {
                    drafts.Add(new Draft(facts.Allegation, $"SYN-W{++witnesses:D6}", stance, persian, Coach(script, facts, persian, ref random))
                    {
                        Group = group,
                        Intermediary = through,
                    });
                }
            }
        }

        // Ids in a shuffled order, so nothing about a statement's group shows in its id.
        var order = Random64.For(options.Seed, ulong.MaxValue);
        order.Shuffle(drafts);
        var statements = new List<Statement>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            d.Id = $"SYN-S{i + 1:D7}";
            statements.Add(new Statement(d.Id, d.Witness, d.Allegation, d.Stance, order.Pick(Interviewers), d.Intermediary,
                order.Pick(Organizations), d.Persian ? "fa" : "en", d.Text));
        }

        var pairs = new List<(string, string)>();
        foreach (var group in drafts.Where(d => d.Group > 0).GroupBy(d => d.Group))
        {
            var ids = group.Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < ids.Count; i++)
            {
                for (var j = i + 1; j < ids.Count; j++)
                {
                    pairs.Add((ids[i], ids[j]));
                }
            }
        }

        return new SyntheticTestimony(statements, [.. pairs.Order()], TrueLines(drafts));
    }

    /// <summary>The statements as a statements file (docs/formats/testimony-csv.md).</summary>
    public static void WriteCsv(IEnumerable<Statement> statements, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(",", StatementCsv.Columns));
        writer.Write('\n');
        foreach (var s in statements)
        {
            writer.Write(string.Join(",", new[] { s.Id, s.WitnessId, s.AllegationId, Stances.Name(s.Stance), s.Interviewer, s.Intermediary, s.Organization, s.Language, s.Text }.Select(StatementCsv.Quote)));
            writer.Write('\n');
        }
    }

    // Lines from how the statements were made: one witness, one intermediary, one coached script.
    private static Dictionary<(string, Stance), int> TrueLines(List<Draft> drafts)
    {
        var lines = new Dictionary<(string, Stance), int>();
        var byGroup = drafts.ToLookup(d => (d.Allegation, d.Stance));
        foreach (var allegation in drafts.Select(d => d.Allegation).Distinct(StringComparer.Ordinal))
        {
            foreach (var stance in new[] { Stance.Supports, Stance.Contradicts })
            {
                var members = byGroup[(allegation, stance)].ToList();
                var parent = Enumerable.Range(0, members.Count).ToArray();
                int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
                for (var i = 0; i < members.Count; i++)
                {
                    for (var j = i + 1; j < members.Count; j++)
                    {
                        var (x, y) = (members[i], members[j]);
                        if (x.Witness == y.Witness || (x.Intermediary.Length > 0 && x.Intermediary == y.Intermediary) || (x.Group > 0 && x.Group == y.Group))
                        {
                            parent[Find(i)] = Find(j);
                        }
                    }
                }

                lines[(allegation, stance)] = Enumerable.Range(0, members.Count).Select(Find).Distinct().Count();
            }
        }

        return lines;
    }

    private static List<Draft> Sample(List<Draft> items, int count, ref Random64 random)
    {
        var copy = items.ToList();
        random.Shuffle(copy);
        return copy.Take(count).ToList();
    }

    private sealed record Facts(string Allegation, Phrases.Name Accused, Phrases.Place Place, Phrases.Act Act, int Day, int Month);

    private sealed class Draft(string allegation, string witness, Stance stance, bool persian, string text)
    {
        public string Allegation { get; } = allegation;
        public string Witness { get; } = witness;
        public Stance Stance { get; } = stance;
        public bool Persian { get; } = persian;
        public string Text { get; } = text;
        public string Intermediary { get; set; } = string.Empty;
        public int Group { get; init; }
        public string Id { get; set; } = string.Empty;
    }

    // ---- writing a statement in a witness's own words ----

    private static string Write(Facts facts, Stance stance, bool persian, ref Random64 random, bool styled = true)
    {
        var sentences = new List<string>();
        var rest = new List<string>();
        if (persian)
        {
            sentences.Add(IntroFa(ref random));
            var name = NameFa(facts.Accused, ref random);
            var place = facts.Place.Fa;
            if (stance == Stance.Supports)
            {
                rest.Add($"{random.Pick(Phrases.SeenFa)} {name} {random.Pick(Phrases.WhereFa)} {place} {random.Pick(Phrases.BeingFa)}");
                rest.Add(Join(random.Pick(Phrases.WhenFa), DateFa(facts), random.Pick(Phrases.TimeOfDayFa), random.Pick(Phrases.HappenedFa)));
                rest.Add(Join(random.Chance(0.5) ? random.Pick(Phrases.SubjectFa) : NameFa(facts.Accused, ref random), random.Pick(Phrases.TailFa), random.Pick(facts.Act.Fa)));
            }
            else
            {
                rest.Add($"{random.Pick(Phrases.NeverFa)} {name} در {place} باشد");
                rest.Add(Join(random.Pick(Phrases.HeardFa), "او", random.Pick(Phrases.ElsewhereFa)));
                if (random.Chance(0.5))
                {
                    rest.Add(Join(random.Pick(Phrases.WhenFa), DateFa(facts), random.Pick(Phrases.HappenedFa)));
                }
            }

            foreach (var memory in Distinct(Phrases.MemoryFa, random.Between(1, 3), ref random))
            {
                var text = Memory(memory, Phrases.CellmatesFa, ref random);
                rest.Add(Join(random.Pick(Phrases.ConnectorsFa), text));
            }
        }
        else
        {
            sentences.Add(IntroEn(ref random));
            var name = NameEn(facts.Accused, ref random);
            var place = random.Pick(facts.Place.En);
            if (stance == Stance.Supports)
            {
                rest.Add($"{random.Pick(Phrases.SeenEn)} {name} {random.Pick(Phrases.WhereEn)} {place}");
                rest.Add(Join(random.Pick(Phrases.WhenEn), DateEn(facts, ref random), random.Pick(Phrases.TimeOfDayEn)));
                rest.Add(Join(random.Chance(0.5) ? random.Pick(Phrases.SubjectEn) : NameEn(facts.Accused, ref random), random.Pick(facts.Act.En), random.Pick(Phrases.TailEn)));
            }
            else
            {
                rest.Add(Join(random.Pick(Phrases.NeverEn), name, "at", place, random.Chance(0.5) ? "that summer" : string.Empty));
                rest.Add(Join(random.Pick(Phrases.HeardEn), random.Pick(Phrases.ElsewhereEn)));
                if (random.Chance(0.5))
                {
                    rest.Add(Join(random.Pick(Phrases.WhenEn), DateEn(facts, ref random)));
                }
            }

            foreach (var memory in Distinct(Phrases.MemoryEn, random.Between(1, 3), ref random))
            {
                var connector = random.Pick(Phrases.ConnectorsEn);
                var text = Memory(memory, Phrases.CellmatesEn, ref random);
                rest.Add(connector.Length == 0 ? text : $"{connector} {char.ToLowerInvariant(text[0])}{text[1..]}");
            }
        }

        random.Shuffle(rest);
        sentences.AddRange(rest);
        var statement = Voice(string.Join(". ", sentences) + ".", persian, ref random);
        return styled ? Style(statement, persian, ref random) : statement;
    }

    private static string Memory(string[][] halves, string[] names, ref Random64 random) =>
        string.Format(CultureInfo.InvariantCulture, $"{random.Pick(halves[0])} {random.Pick(halves[1])}", random.Pick(names));

    private static string IntroEn(ref Random64 random)
    {
        var p = Phrases.PersonalEn;
        return $"{random.Pick(p[0])} {random.Between(1981, 1987)} {random.Pick(p[1])} {random.Between(2, 70)} {random.Pick(p[2])} {random.Between(1, 40)}";
    }

    private static string IntroFa(ref Random64 random)
    {
        var p = Phrases.PersonalFa;
        return $"{random.Pick(p[0])} {random.Between(1360, 1366)} {random.Pick(p[1])} {random.Between(2, 70)} {random.Pick(p[2])} {random.Between(1, 40)} بودم";
    }

    private static string NameEn(Phrases.Name accused, ref Random64 random)
    {
        if (accused.AliasFamily is not null && random.Chance(0.15))
        {
            return $"{random.Pick(accused.Given)} {accused.AliasFamily}";
        }

        if (random.Chance(0.05))
        {
            return $"{accused.GivenFa} {accused.FamilyFa}"; // written in Persian script inside English text
        }

        return random.Chance(0.6) ? $"{random.Pick(accused.Given)} {random.Pick(accused.Family)}" : random.Pick(accused.Family);
    }

    private static string NameFa(Phrases.Name accused, ref Random64 random)
    {
        if (accused.AliasFamilyFa is not null && random.Chance(0.15))
        {
            return $"{accused.GivenFa} {accused.AliasFamilyFa}";
        }

        return random.Chance(0.6) ? $"{accused.GivenFa} {accused.FamilyFa}" : accused.FamilyFa;
    }

    private static string DateEn(Facts facts, ref Random64 random) => random.Next(3) switch
    {
        0 => $"{facts.Day} {Phrases.MonthsEn[facts.Month]} 1988",
        1 => $"{Phrases.MonthsEn[facts.Month]} {facts.Day}, 1988",
        _ => $"the {Ordinal(facts.Day)} of {Phrases.MonthsEn[facts.Month]} 1988",
    };

    private static string Ordinal(int day) => day.ToString(CultureInfo.InvariantCulture) + (day % 10) switch
    {
        1 when day != 11 => "st",
        2 when day != 12 => "nd",
        3 when day != 13 => "rd",
        _ => "th",
    };

    // The Solar Hijri month that holds most of the Gregorian one (approximate: the facts are invented).
    private static string DateFa(Facts facts) => $"{facts.Day} {Phrases.MonthsFa[facts.Month]} 1367";

    private static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    private static IEnumerable<T> Distinct<T>(T[] items, int count, ref Random64 random)
    {
        var copy = items.ToList();
        random.Shuffle(copy);
        return copy.Take(count).ToList();
    }

    // Every witness has a way of talking: some words said otherwise, small words put in here and there.
    private static string Voice(string text, bool persian, ref Random64 random)
    {
        var synonyms = persian ? Phrases.SynonymsFa : Phrases.SynonymsEn;
        var asides = persian ? Phrases.AsidesFa : Phrases.AsidesEn;
        var words = text.Split(' ');
        var builder = new StringBuilder(text.Length + 64);
        foreach (var word in words)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
                if (random.Chance(0.12))
                {
                    builder.Append(random.Pick(asides)).Append(' ');
                }
            }

            var swap = synonyms.FirstOrDefault(s => s.Item1 == word || s.Item2 == word);
            builder.Append(swap.Item1 is not null && random.Chance(0.5) ? (swap.Item1 == word ? swap.Item2 : swap.Item1) : word);
        }

        return builder.ToString();
    }

    // ---- a coached copy of a script ----

    private static string Coach(string script, Facts facts, bool persian, ref Random64 random)
    {
        var sentences = script.TrimEnd('.').Split(". ").ToList();
        sentences[0] = persian ? IntroFa(ref random) : IntroEn(ref random); // a different first sentence
        var words = sentences.Skip(1).Select(s => s.Split(' ')).ToList();
        var synonyms = persian ? Phrases.SynonymsFa : Phrases.SynonymsEn;
        var fillers = persian ? Phrases.FillersFa : Phrases.FillersEn;
        for (var k = random.Between(2, 4); k > 0; k--)
        {
            var sentence = words[random.Next(words.Count)];
            var at = random.Next(sentence.Length);
            var word = sentence[at];
            var swap = synonyms.FirstOrDefault(s => s.Item1 == word || s.Item2 == word);
            sentence[at] = swap.Item1 is null ? random.Pick(fillers) : swap.Item1 == word ? swap.Item2 : swap.Item1;
        }

        var text = sentences[0] + ". " + string.Join(". ", words.Select(w => string.Join(' ', w))) + ".";
        text = Respell(text, facts.Accused, persian, ref random);
        return Style(text, persian, ref random);
    }

    // The accused's family name in another spelling, the alias, or (in English) the other script.
    private static string Respell(string text, Phrases.Name accused, bool persian, ref Random64 random)
    {
        if (persian)
        {
            return accused.AliasFamilyFa is not null && random.Chance(0.2) ? text.Replace(accused.FamilyFa, accused.AliasFamilyFa, StringComparison.Ordinal) : text;
        }

        var target = random.Chance(0.2) ? accused.FamilyFa : random.Pick(accused.Family);
        foreach (var spelling in accused.Family)
        {
            text = text.Replace(spelling, target, StringComparison.Ordinal);
        }

        return text;
    }

    // ---- how a writer types: letter forms, digits, ZWNJ ----

    private static string Style(string text, bool persian, ref Random64 random)
    {
        if (!persian)
        {
            return random.Chance(0.1) ? PersianDigits(text) : text;
        }

        var builder = new StringBuilder(text);
        if (random.Chance(0.3))
        {
            builder.Replace('ی', 'ي').Replace('ک', 'ك'); // Arabic letter forms
        }

        if (random.Chance(0.6))
        {
            builder = new StringBuilder(PersianDigits(builder.ToString()));
        }

        switch (random.Next(3))
        {
            case 0:
                break; // ZWNJ as written
            case 1:
                builder.Replace("\u200C", string.Empty); // no ZWNJ: the halves run together
                break;
            default:
                // a space where the ZWNJ was, for the verb prefix and the plural suffix
                builder.Replace("می\u200C", "می ").Replace("\u200Cها", " ها");
                break;
        }

        return builder.ToString();
    }

    private static string PersianDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '0' and <= '9')
            {
                chars[i] = (char)('۰' + (chars[i] - '0'));
            }
        }

        return new string(chars);
    }
}
