using System.Globalization;
using System.Text;

namespace Dossier.Benchmarks.Testimony;

/// <summary>One generated statement, with what the statements file does not say: its coached group.</summary>
public sealed record BlindStatement(
    string Id, string WitnessId, string AllegationId, string Stance, string Interviewer, string Intermediary,
    string Organization, string Language, string Text)
{
    /// <summary>The coached group (copies of one script), or -1 for a statement in the witness's own words.</summary>
    public int CopyGroup { get; init; } = -1;

    /// <summary>Which intermediary brought the witness (one entity however its name is spelt), or -1.</summary>
    public int IntermediaryEntity { get; init; } = -1;
}

/// <summary>A generated statements file and its truth: every near-copy pair and every line count.</summary>
public sealed class BlindTestimonySet
{
    public required IReadOnlyList<BlindStatement> Statements { get; init; }

    /// <summary>Every pair of statements that are copies of one script, as (left, right) with left &lt; right (ordinal).</summary>
    public required IReadOnlySet<(string Left, string Right)> NearCopies { get; init; }

    /// <summary>Independent lines per allegation and stance, by issue 14 §4, from the truth (every allegation, both stances).</summary>
    public required IReadOnlyDictionary<(string Allegation, string Stance), int> Lines { get; init; }

    public required int CoachedGroups { get; init; }

    /// <summary>The statements file (docs/formats/testimony-csv.md), RFC 4180 quoted.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("statement_id,witness_id,allegation_id,stance,interviewer,intermediary,organization,language,text\n");
        foreach (var s in Statements)
        {
            writer.Write(string.Join(',', Quote(s.Id), Quote(s.WitnessId), Quote(s.AllegationId), Quote(s.Stance), Quote(s.Interviewer),
                Quote(s.Intermediary), Quote(s.Organization), Quote(s.Language), Quote(s.Text)));
            writer.Write('\n');
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : string.Concat("\"", field.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
}

/// <summary>Precision, recall and exact line counts of the engines' answer against a set's truth.</summary>
public sealed record BlindScore(int Found, int True, int Hits, int Allegations, int ExactAllegations, int Sides, int ExactSides)
{
    private static readonly string[] BothStances = ["supports", "contradicts"];

    public double Precision => Found == 0 ? 1 : (double)Hits / Found;
    public double Recall => True == 0 ? 1 : (double)Hits / True;
    public double ExactAllegationShare => Allegations == 0 ? 1 : (double)ExactAllegations / Allegations;
    public double ExactSideShare => Sides == 0 ? 1 : (double)ExactSides / Sides;

    /// <summary>Scores pairs the engine found and its line counts per (allegation, stance). An allegation is
    /// exact when both its stances have the true number of lines.</summary>
    public static BlindScore Of(BlindTestimonySet set, IEnumerable<(string Left, string Right)> found,
        IReadOnlyDictionary<(string Allegation, string Stance), int> lines)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(lines);
        var pairs = found.Select(p => string.CompareOrdinal(p.Left, p.Right) < 0 ? p : (p.Right, p.Left)).ToHashSet();
        var hits = pairs.Count(set.NearCopies.Contains);
        var allegations = set.Lines.Keys.Select(k => k.Allegation).Distinct(StringComparer.Ordinal).ToList();
        var exactSides = set.Lines.Count(kv => lines.TryGetValue(kv.Key, out var n) && n == kv.Value);
        var exactAllegations = allegations.Count(a =>
            BothStances.All(stance =>
                lines.TryGetValue((a, stance), out var n) && n == set.Lines[(a, stance)]));
        return new BlindScore(pairs.Count, set.NearCopies.Count, hits, allegations.Count, exactAllegations, set.Lines.Count, exactSides);
    }
}

/// <summary>
/// A second generator of SYNTHETIC witness statements for issue 14, written from the issue's text alone
/// (not from the engine nor the first generator), to check that the engines were not tuned to the data
/// they were built on. Everything it names begins with SYN. Statements are in Persian (Arabic or Persian
/// letter forms, ZWNJ kept, dropped or spaced, Persian or Latin digits), English, Swedish and German; the
/// accused is named in the writer's own spelling and script; coached groups copy one script handed to
/// several witnesses (new first sentence, words substituted, sentences reordered, dropped or added,
/// names respelt); honest witnesses of one allegation share its stock phrases (prison, dates, death
/// commission, corridor) in their own words; statements run from two sentences to over 2,000 words; some
/// witnesses came through one intermediary (its name spelt in several ways), and interviewers and
/// organisations are shared widely. The truth comes from how each statement was written.
/// </summary>
public sealed class BlindTestimonyGenerator
{
    private const char NameMark = '\u0001';
    private const char ShortMark = '\u0002';

    private static readonly string[] IntermediaryNames =
    [
        "SYN Iran HRM", "SYN Justice Network", "SYN Exile Council", "SYN Witness Trust", "SYN Survivors Circle",
        "SYN Human Rights Watchers", "SYN Prisoners Voice", "SYN Truth Commission Friends", "SYN Family Committee",
        "SYN Diaspora Support", "SYN Legal Aid Group", "SYN Memory Project",
        "SYN کانون زندانیان سیاسی", "SYN انجمن خانواده‌های جان‌باختگان", "SYN کمیته‌ی دفاع از زندانیان", "SYN بنیاد یادمان",
    ];

    private readonly BlindRandom _random;
    private readonly List<Draft> _drafts = [];
    private int _witnesses;
    private int _groups;

    private BlindTestimonyGenerator(ulong seed) => _random = new BlindRandom(seed);

    /// <summary>At least <paramref name="statements"/> statements (whole allegations; a few more at most).</summary>
    public static BlindTestimonySet Generate(int statements, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(statements);
        return new BlindTestimonyGenerator(seed).Run(statements);
    }

    private sealed class Draft
    {
        public required string Witness { get; init; }
        public required string Allegation { get; init; }
        public required string Stance { get; init; }
        public required string Language { get; init; }
        public required string Text { get; init; }
        public int Group { get; init; } = -1;
        public int Intermediary { get; set; } = -1;
        public string IntermediaryText { get; set; } = "";
        public string Interviewer { get; set; } = "";
        public string Organization { get; set; } = "";
    }

    private sealed record Allegation(string Id, int Accused, int Prison, int Kind, int Day);

    /// <summary>How one writer writes: language, spelling of the accused, how they give dates, their orthography.</summary>
    private sealed record Writer(BlindLanguage Language, int DateStyle, double Fillers, int Zwnj, int Forms, int Digits);

    private BlindTestimonySet Run(int target)
    {
        var allegations = 0;
        while (_drafts.Count < target)
        {
            allegations++;
            var a = new Allegation(
                "SYN-BA" + allegations.ToString("D6", CultureInfo.InvariantCulture),
                _random.Pick(Weights(0.35, 0.2, 0.15, 0.15, 0.15)),
                _random.Pick(Weights(0.6, 0.2, 0.2)),
                _random.Next(4),
                _random.Next(60));
            MakeAllegation(a);
        }

        // Ids in random order, so nothing about a group shows in the file's order or numbering.
        var order = Enumerable.Range(0, _drafts.Count).ToArray();
        _random.Shuffle(order);
        var statements = new BlindStatement[_drafts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var d = _drafts[order[i]];
            statements[i] = new BlindStatement(
                "SYN-BS" + i.ToString("D7", CultureInfo.InvariantCulture), d.Witness, d.Allegation, d.Stance, d.Interviewer,
                d.IntermediaryText, d.Organization, d.Language, d.Text)
            {
                CopyGroup = d.Group,
                IntermediaryEntity = d.Intermediary,
            };
        }

        var nearCopies = new HashSet<(string, string)>();
        foreach (var group in statements.Where(s => s.CopyGroup >= 0).GroupBy(s => s.CopyGroup))
        {
            var members = group.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    nearCopies.Add((members[i], members[j]));
                }
            }
        }

        return new BlindTestimonySet
        {
            Statements = statements,
            NearCopies = nearCopies,
            Lines = TrueLines(statements, nearCopies),
            CoachedGroups = _groups,
        };
    }

    /// <summary>Issue 14 §4 on the truth: same witness, same intermediary (the entity, not its spelling),
    /// or copies of one script join two statements of one allegation and stance; lines are the components.</summary>
    private static Dictionary<(string, string), int> TrueLines(BlindStatement[] statements, HashSet<(string, string)> nearCopies)
    {
        var lines = new Dictionary<(string, string), int>();
        foreach (var allegation in statements.GroupBy(s => s.AllegationId, StringComparer.Ordinal))
        {
            foreach (var stance in new[] { "supports", "contradicts" })
            {
                var side = allegation.Where(s => s.Stance == stance).ToList();
                var parent = Enumerable.Range(0, side.Count).ToArray();
                int Find(int x)
                {
                    while (parent[x] != x)
                    {
                        x = parent[x] = parent[parent[x]];
                    }

                    return x;
                }

                for (var i = 0; i < side.Count; i++)
                {
                    for (var j = i + 1; j < side.Count; j++)
                    {
                        var (l, r) = string.CompareOrdinal(side[i].Id, side[j].Id) < 0 ? (side[i].Id, side[j].Id) : (side[j].Id, side[i].Id);
                        if (side[i].WitnessId == side[j].WitnessId
                            || (side[i].IntermediaryEntity >= 0 && side[i].IntermediaryEntity == side[j].IntermediaryEntity)
                            || nearCopies.Contains((l, r)))
                        {
                            parent[Find(i)] = Find(j);
                        }
                    }
                }

                lines[(allegation.Key, stance)] = Enumerable.Range(0, side.Count).Count(i => Find(i) == i);
            }
        }

        return lines;
    }

    private void MakeAllegation(Allegation a)
    {
        var start = _drafts.Count;

        // Honest supporting witnesses, each in their own words; some speak twice.
        var honest = 1 + _random.Next(8);
        var supporters = new List<Draft>();
        for (var i = 0; i < honest; i++)
        {
            var witness = NewWitness();
            var writer = NewWriter(PickLanguage());
            supporters.Add(Add(witness, a, "supports", Honest(a, writer, "supports"), writer));
            if (_random.Chance(0.12))
            {
                var again = NewWriter(_random.Chance(0.7) ? writer.Language : PickLanguage());
                supporters.Add(Add(witness, a, "supports", Honest(a, again, "supports"), again));
            }
        }

        // A group of honest witnesses brought by one intermediary.
        if (_random.Chance(0.35) && supporters.Count >= 2)
        {
            var entity = _random.Next(IntermediaryNames.Length);
            foreach (var d in supporters.Where(_ => _random.Chance(0.6)).Take(4))
            {
                d.Intermediary = entity;
            }
        }

        // Honest contradictions.
        if (_random.Chance(0.4))
        {
            var n = 1 + _random.Next(3);
            for (var i = 0; i < n; i++)
            {
                var writer = NewWriter(PickLanguage());
                Add(NewWitness(), a, "contradicts", Honest(a, writer, "contradicts"), writer);
            }
        }

        // Coached groups: one script, handed to several witnesses (now and then two scripts on one allegation).
        var scripts = _random.Chance(0.45) ? (_random.Chance(0.12) ? 2 : 1) : 0;
        for (var s = 0; s < scripts; s++)
        {
            Coached(a);
        }

        // Intermediaries now and then by chance, interviewers and organisations shared widely.
        for (var i = start; i < _drafts.Count; i++)
        {
            var d = _drafts[i];
            if (d.Intermediary < 0 && _random.Chance(0.25))
            {
                d.Intermediary = _random.Next(IntermediaryNames.Length);
            }

            d.IntermediaryText = d.Intermediary < 0 ? "" : Spell(IntermediaryNames[d.Intermediary]);
            d.Interviewer = "SYN Interviewer " + (1 + _random.Next(30)).ToString("D2", CultureInfo.InvariantCulture);
            d.Organization = "SYN Organisation " + (char)('A' + _random.Next(8));
        }
    }

    private void Coached(Allegation a)
    {
        var group = _groups++;
        var language = PickLanguage(0.5, 0.34, 0.08, 0.08);
        var coach = NewWriter(language);
        var stance = _random.Chance(0.2) ? "contradicts" : "supports";
        var length = _random.Chance(0.2) ? Length.Short : (language.Code is "en" or "fa" && _random.Chance(0.05) ? Length.Long : Length.Normal);
        var script = Sentences(a, coach, stance, length, fillers: false);
        var copies = 2 + _random.Next(5);
        var entity = _random.Chance(0.5) ? _random.Next(IntermediaryNames.Length) : -1;
        for (var c = 0; c < copies; c++)
        {
            var writer = NewWriter(language);
            var copy = new List<string>(script);
            if (_random.Chance(0.85))
            {
                copy[0] = Expand(_random.Pick(language.Intros), a, writer);
            }

            var substitutions = length switch
            {
                Length.Short => _random.Next(2),
                Length.Long => 4 + _random.Next(12),
                _ => 1 + _random.Next(4),
            };
            for (var k = 0; k < substitutions; k++)
            {
                var at = 1 + _random.Next(copy.Count - 1);
                copy[at] = Substitute(copy[at], language);
            }

            if (copy.Count >= 4 && _random.Chance(0.35))
            {
                // Sentences reordered: one moved, or two swapped.
                var from = 1 + _random.Next(copy.Count - 1);
                var moved = copy[from];
                copy.RemoveAt(from);
                copy.Insert(1 + _random.Next(copy.Count - 1), moved);
            }

            if (copy.Count >= 4 && _random.Chance(0.3))
            {
                copy.RemoveAt(1 + _random.Next(copy.Count - 1));
            }

            if (copy.Count >= 3 && _random.Chance(0.3))
            {
                copy.Insert(1 + _random.Next(copy.Count - 1), Expand(_random.Pick(language.Details), a, writer));
            }

            var text = Render(copy);
            if (_random.Chance(0.2))
            {
                // Typed again by hand: sentence punctuation dropped or changed.
                text = text.Replace(". ", _random.Chance(0.5) ? " " : ", ", StringComparison.Ordinal);
            }

            var d = Add(NewWitness(), a, stance, text, writer, group);
            d.Intermediary = entity;
        }
    }

    private enum Length
    {
        Short,
        Normal,
        Long,
    }

    private string Honest(Allegation a, Writer writer, string stance)
    {
        var length = _random.Chance(0.18) ? Length.Short
            : writer.Language.Code is "en" or "fa" && _random.Chance(0.02) ? Length.Long
            : Length.Normal;
        return Render(Sentences(a, writer, stance, length, fillers: true));
    }

    /// <summary>A statement as sentences, the accused's names still marked (each copy spells them its own way).</summary>
    private List<string> Sentences(Allegation a, Writer writer, string stance, Length length, bool fillers)
    {
        var l = writer.Language;
        var core = stance == "supports" ? l.Core[a.Kind] : l.Contradict;
        var list = new List<string>();
        if (length == Length.Short)
        {
            list.Add(Expand(_random.Chance(0.6) ? _random.Pick(l.Intros) : _random.Pick(l.Generic), a, writer));
            list.Add(CoreSentence(core, a, writer));
        }
        else
        {
            var intros = 1 + (_random.Chance(0.4) ? 1 : 0);
            for (var i = 0; i < intros; i++)
            {
                list.Add(Expand(_random.Pick(l.Intros), a, writer));
            }

            var body = new List<string>();
            var cores = 1 + _random.Next(2);
            for (var i = 0; i < cores; i++)
            {
                body.Add(CoreSentence(core, a, writer));
            }

            var generic = _random.Next(3);
            for (var i = 0; i < generic; i++)
            {
                body.Add(Expand(_random.Pick(l.Generic), a, writer));
            }

            if (length == Length.Long)
            {
                var goal = 2000 + _random.Next(800);
                var words = 0;
                while (words < goal)
                {
                    var s = Expand(_random.Chance(0.1) ? _random.Pick(l.Details) : EpisodeTemplate(l), a, writer);
                    words += s.Count(ch => ch == ' ') + 1;
                    body.Add(s);
                }
            }
            else
            {
                var details = 1 + _random.Next(8);
                for (var i = 0; i < details; i++)
                {
                    body.Add(Expand(_random.Pick(l.Details), a, writer));
                }
            }

            // The account's own order: the allegation somewhere in the story, not always first.
            var coreSentences = body.Take(cores + generic).ToList();
            var rest = body.Skip(cores + generic).ToList();
            foreach (var s in coreSentences)
            {
                rest.Insert(_random.Next(rest.Count + 1), s);
            }

            list.AddRange(rest);
            if (_random.Chance(0.5))
            {
                list.Add(Expand(_random.Pick(l.Closings), a, writer));
            }
        }

        if (fillers)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (_random.Chance(writer.Fillers))
                {
                    list[i] = InsertFiller(list[i], l);
                }
            }
        }

        return list;
    }

    /// <summary>An episode of a long account: its parts picked one by one, so two long accounts share few word runs.</summary>
    private string EpisodeTemplate(BlindLanguage l) =>
        l.Episode
            .Replace("{t}", _random.Pick(l.EpisodeTimes), StringComparison.Ordinal)
            .Replace("{w}", _random.Pick(l.EpisodePeople), StringComparison.Ordinal)
            .Replace("{v}", _random.Pick(l.EpisodeDeeds), StringComparison.Ordinal)
            .Replace("{o}", _random.Pick(l.EpisodeThings), StringComparison.Ordinal)
            .Replace("{p}", _random.Pick(l.EpisodePlaces), StringComparison.Ordinal)
            .Replace("{a}", _random.Pick(l.EpisodeAfter), StringComparison.Ordinal);

    private string InsertFiller(string sentence, BlindLanguage language)
    {
        var spaces = sentence.Count(c => c == ' ');
        if (spaces == 0)
        {
            return sentence;
        }

        var at = 1 + _random.Next(spaces);
        var index = -1;
        for (var i = 0; i < at; i++)
        {
            index = sentence.IndexOf(' ', index + 1);
        }

        return string.Concat(sentence.AsSpan(0, index + 1), _random.Pick(language.Fillers), sentence.AsSpan(index));
    }

    private string Substitute(string sentence, BlindLanguage language)
    {
        var words = sentence.Split(' ');
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var i = _random.Next(words.Length);
            if (words[i].Contains(NameMark, StringComparison.Ordinal) || words[i].Contains(ShortMark, StringComparison.Ordinal))
            {
                continue;
            }

            var tail = words[i].Length > 0 && char.IsPunctuation(words[i][^1]) ? words[i][^1..] : "";
            words[i] = _random.Pick(language.Swaps) + tail;
            break;
        }

        return string.Join(' ', words);
    }

    /// <summary>The allegation in this witness's words: a core sentence, now and then with a clause of their own.</summary>
    private string CoreSentence(string[] core, Allegation a, Writer writer)
    {
        var sentence = Expand(_random.Pick(core), a, writer);
        var l = writer.Language;
        if (!l.Persian && char.IsLower(sentence[0]))
        {
            sentence = string.Concat(char.ToUpperInvariant(sentence[0]).ToString(), sentence.AsSpan(1));
        }

        if (l.LeadIns.Length > 0 && _random.Chance(0.6) && sentence.Length > 1)
        {
            // A lead-in of the witness's own; the sentence that follows loses its capital (Latin scripts).
            var first = l.Persian || (sentence[0] == NameMark) ? sentence : string.Concat(char.ToLowerInvariant(sentence[0]).ToString(), sentence.AsSpan(1));
            sentence = _random.Pick(l.LeadIns) + " " + first;
        }

        if (l.CoreTails.Length == 0 || !_random.Chance(0.7) || sentence.Length < 2)
        {
            return sentence;
        }

        return string.Concat(sentence.AsSpan(0, sentence.Length - 1), Expand(_random.Pick(writer.Language.CoreTails), a, writer), sentence.AsSpan(sentence.Length - 1));
    }

    /// <summary>Fills a template's choices and slots; the accused's names become marks that <see cref="Render"/> spells.</summary>
    private string Expand(string template, Allegation a, Writer writer)
    {
        var l = writer.Language;
        var b = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '{')
            {
                b.Append(c);
                i++;
                continue;
            }

            // Find the matching brace (one level of nesting: a slot inside a choice).
            var depth = 0;
            var end = i;
            for (; end < template.Length; end++)
            {
                if (template[end] == '{')
                {
                    depth++;
                }
                else if (template[end] == '}' && --depth == 0)
                {
                    break;
                }
            }

            var inner = template.Substring(i + 1, end - i - 1);
            i = end + 1;
            if (inner.Length == 1 && char.IsLetter(inner[0]))
            {
                b.Append(Slot(inner[0], a, writer));
                continue;
            }

            var options = SplitTop(inner);
            var chosen = _random.Pick(options);
            b.Append(chosen.Contains('{', StringComparison.Ordinal) ? Expand(chosen, a, writer) : chosen);
        }

        return b.ToString();
    }

    private static List<string> SplitTop(string inner)
    {
        var parts = new List<string>();
        var depth = 0;
        var from = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '{')
            {
                depth++;
            }
            else if (inner[i] == '}')
            {
                depth--;
            }
            else if (inner[i] == '|' && depth == 0)
            {
                parts.Add(inner[from..i]);
                from = i + 1;
            }
        }

        parts.Add(inner[from..]);
        return parts;
    }

    private string Slot(char slot, Allegation a, Writer writer)
    {
        var l = writer.Language;
        return slot switch
        {
            'N' => NameMark.ToString(),
            'n' => ShortMark.ToString(),
            'P' => PrisonName(a.Prison, l),
            'T' => When(a, writer),
            'F' => _random.Pick(l.FirstNames),
            'S' => l.Surnames.Length > 0 ? _random.Pick(l.Surnames) : _random.Pick(BlindPhrases.English.Surnames),
            'C' => _random.Pick(l.Cities),
            'X' => _random.Pick(l.Exile),
            'D' => Number(2 + _random.Next(40)),
            'A' => Number(50 + _random.Next(30)),
            'Y' => l.Persian ? Number(1360 + _random.Next(7)) : Number(1981 + _random.Next(7)),
            'R' => l.Persian ? Number(1368 + _random.Next(8)) : Number(1989 + _random.Next(8)),
            'E' => l.Persian ? Number(1370 + _random.Next(10)) : Number(1991 + _random.Next(10)),
            'M' => _random.Pick(l.Months),
            _ => throw new InvalidOperationException("unknown slot " + slot),
        };
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private string PrisonName(int prison, BlindLanguage l)
    {
        var p = BlindPhrases.Prisons[prison];
        return l.Code switch
        {
            "fa" => _random.Pick(p.Persian),
            "de" => _random.Pick(p.German),
            _ => _random.Pick(p.Latin),
        };
    }

    /// <summary>When the event happened, in this writer's way of giving dates (1 Mordad 1367 = 23 July 1988).</summary>
    private string When(Allegation a, Writer writer)
    {
        var gregorianMonth = a.Day < 9 ? 0 : (a.Day < 40 ? 1 : 2);
        var gregorianDay = gregorianMonth switch { 0 => 23 + a.Day, 1 => a.Day - 8, _ => a.Day - 39 };
        var persianMonth = a.Day < 31 ? 0 : 1;
        var persianDay = persianMonth == 0 ? a.Day + 1 : a.Day - 30;
        string[] en = ["July", "August", "September"];
        string[] sv = ["juli", "augusti", "september"];
        string[] de = ["Juli", "August", "September"];
        string[] fa = ["مرداد", "شهریور"];
        var d = Number(gregorianDay);
        var pd = Number(persianDay);
        return writer.Language.Code switch
        {
            "fa" => (writer.DateStyle % 5) switch
            {
                0 => $"{pd} {fa[persianMonth]} 1367",
                1 => "تابستان 67",
                2 => "تابستان سال 1367",
                3 => $"در {fa[persianMonth]} 1367",
                _ => $"{d} {(gregorianMonth == 0 ? "ژوئیه" : "اوت")} 1988",
            },
            "sv" => (writer.DateStyle % 3) switch
            {
                0 => $"den {d} {sv[gregorianMonth]} 1988",
                1 => "sommaren 1988",
                _ => $"i {sv[gregorianMonth]} 1988",
            },
            "de" => (writer.DateStyle % 3) switch
            {
                0 => $"am {d}. {de[gregorianMonth]} 1988",
                1 => "im Sommer 1988",
                _ => $"Ende {de[gregorianMonth]} 1988",
            },
            _ => (writer.DateStyle % 6) switch
            {
                0 => $"on {d} {en[gregorianMonth]} 1988",
                1 => "in the summer of 1988",
                2 => $"in {(gregorianDay < 15 ? "early" : "late")} {en[gregorianMonth]} 1988",
                3 => $"in {fa[persianMonth] switch { "مرداد" => "Mordad", _ => "Shahrivar" }} 1367",
                4 => "that summer",
                _ => $"on {en[gregorianMonth]} {d}, 1988",
            },
        };
    }

    /// <summary>Joins sentences; the accused's names stay marked until <see cref="Add"/> spells them.</summary>
    private static string Render(List<string> sentences) => string.Join(' ', sentences);

    private string Orthography(string text, Writer writer)
    {
        var b = new StringBuilder(text.Length);
        var persianNumber = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u200C' when writer.Zwnj == 1:
                    break;
                case '\u200C' when writer.Zwnj == 2:
                    b.Append(' ');
                    break;
                case 'ی' when writer.Forms == 1 || (writer.Forms == 2 && _random.Chance(0.5)):
                    b.Append('ي');
                    break;
                case 'ک' when writer.Forms == 1 || (writer.Forms == 2 && _random.Chance(0.5)):
                    b.Append('ك');
                    break;
                case >= '0' and <= '9':
                    // Mixed writers choose per number, not per digit.
                    if (b.Length == 0 || !IsDigit(b[^1]))
                    {
                        persianNumber = writer.Digits == 0 || (writer.Digits == 2 && _random.Chance(0.5));
                    }

                    b.Append(persianNumber ? (char)('۰' + (c - '0')) : c);
                    break;
                default:
                    b.Append(c);
                    break;
            }
        }

        return b.ToString();
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9' or >= '۰' and <= '۹';

    private Writer NewWriter(BlindLanguage language) =>
        new(language, _random.Next(60), _random.Chance(0.5) ? 0.1 + 0.3 * _random.NextDouble() : 0,
            _random.Pick(Weights(0.5, 0.25, 0.25)), _random.Pick(Weights(0.6, 0.3, 0.1)), _random.Pick(Weights(0.55, 0.35, 0.1)));

    /// <summary>The accused as this writer names them: a Latin spelling, the alias, or Persian script.</summary>
    private (string Full, string Short) NameFor(int accused, BlindLanguage language)
    {
        var p = BlindPhrases.AccusedPeople[accused];
        if (language.Persian)
        {
            return _random.Next(20) switch
            {
                < 15 => (_random.Pick(p.PersianFull), _random.Pick(p.PersianShort)),
                < 19 => (_random.Pick(p.PersianAlias), _random.Pick(p.PersianShort)),
                _ => (_random.Pick(p.Full), _random.Pick(p.Short)),
            };
        }

        return _random.Next(20) switch
        {
            < 14 => (_random.Pick(p.Full), _random.Pick(p.Short)),
            < 17 => (_random.Pick(p.Alias), _random.Pick(p.Short)),
            _ when language.Code == "en" => (_random.Pick(p.PersianFull), _random.Pick(p.PersianShort)),
            _ => (_random.Pick(p.Short), _random.Pick(p.Short)),
        };
    }

    private Draft Add(string witness, Allegation a, string stance, string text, Writer writer, int group = -1)
    {
        // Names were left as marks until here so that every statement (and every copy) spells them its own way.
        var (full, shortName) = NameFor(a.Accused, writer.Language);
        text = text.Replace(NameMark.ToString(), full, StringComparison.Ordinal).Replace(ShortMark.ToString(), shortName, StringComparison.Ordinal);
        if (writer.Language.Persian)
        {
            text = Orthography(text, writer);
        }

        var d = new Draft
        {
            Witness = witness,
            Allegation = a.Id,
            Stance = stance,
            Language = _random.Pick(writer.Language.Tags),
            Text = text,
            Group = group,
        };
        _drafts.Add(d);
        return d;
    }

    private string NewWitness() => "SYN-W" + (++_witnesses).ToString("D6", CultureInfo.InvariantCulture);

    private BlindLanguage PickLanguage(double fa = 0.45, double en = 0.35, double sv = 0.1, double de = 0.1) =>
        _random.Pick(Weights(fa, en, sv, de)) switch
        {
            0 => BlindPhrases.Persian,
            1 => BlindPhrases.English,
            2 => BlindPhrases.Swedish,
            _ => BlindPhrases.German,
        };

    /// <summary>An intermediary's name as one statement's form gives it: case, hyphens, spacing, letter forms.</summary>
    private string Spell(string name) => _random.Next(6) switch
    {
        0 => name.ToUpperInvariant(),
        1 => name.ToLowerInvariant().Replace(' ', '-'),
        2 => name.Replace(" ", "  ", StringComparison.Ordinal),
        3 => name.Replace('ی', 'ي').Replace('ک', 'ك'),
        4 => name.Replace("\u200C", "", StringComparison.Ordinal) + " ",
        _ => name,
    };

    private static double[] Weights(params double[] w) => w;
}

/// <summary>SplitMix64: small, fast, and the same sequence on every runtime for a given seed.</summary>
internal sealed class BlindRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int n) => (int)(NextULong() % (ulong)n);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public int Pick(double[] weights)
    {
        var x = NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
