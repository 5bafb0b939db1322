using Dossier.Application.Search;
using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Web.Visuals;

/// <summary>A piece of a text, marked when it matched a query word.</summary>
internal readonly record struct TextPiece(string Text, bool Matched);

/// <summary>
/// Shows where a search matched, in whichever script: each word of a name is keyed like the index
/// (normalised, romanised, phonetic) and marked when a query word meets it the way search does — a
/// prefix of a normalised or romanised key, or an equal phonetic key. So "Nouri" marks "Noury" and "نوری".
/// </summary>
internal static class Highlighter
{
    /// <summary>The texts of a record that search finds it by (names in every script, titles).</summary>
    public static IEnumerable<string> SearchableTexts(Record record) => record switch
    {
        Person p => p.SearchableNames(),
        Organization o => o.Names.Select(n => n.Text),
        Place p => p.Names.Select(n => n.Text),
        Event e => e.TitleFa is null ? [e.Title] : [e.Title, e.TitleFa],
        Source s => new[] { s.Title, s.Author, s.Publisher }.OfType<string>(),
        Claim c => [c.Statement],
        Proceeding p => new[] { p.Title, p.Docket, p.TitleFa }.OfType<string>(),
        _ => [record.Label],
    };

    public static IReadOnlyList<TextPiece> Mark(string text, IReadOnlyList<QueryWord> words) => Mark(text, words, null);

    /// <summary>As <see cref="Mark(string, IReadOnlyList{QueryWord})"/>, remembering each word's verdict in <paramref name="seen"/>: names repeat across results, and keying a word is the costly part.</summary>
    public static IReadOnlyList<TextPiece> Mark(string text, IReadOnlyList<QueryWord> words, Dictionary<string, bool>? seen)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        var pieces = new List<TextPiece>();
        var start = 0;
        // Split on white space but keep it, so the text reads exactly as written.
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i]))
            {
                if (i > start)
                {
                    var word = text[start..i];
                    bool matched;
                    if (seen is null)
                    {
                        matched = Matches(word, words);
                    }
                    else if (!seen.TryGetValue(word, out matched))
                    {
                        matched = Matches(word, words);
                        seen[word] = matched;
                    }

                    pieces.Add(new TextPiece(word, matched));
                }

                if (i < text.Length)
                {
                    pieces.Add(new TextPiece(text[i].ToString(), false));
                }

                start = i + 1;
            }
        }

        return pieces;
    }

    public static bool AnyMatch(IReadOnlyList<TextPiece> pieces) => pieces.Any(p => p.Matched);

    // The rule search uses, shared with document snippets.
    private static bool Matches(string word, IReadOnlyList<QueryWord> query) => QueryMatch.Meets(word, query);
}
