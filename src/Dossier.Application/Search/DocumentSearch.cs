using System.Text;
using System.Text.Json;
using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Application.Search;

/// <summary>One page of an extracted-text document (docs/formats/extracted-text.md) as the search index holds it.</summary>
public sealed record DocumentPage(int Page, string Text, SearchKeys Keys);

/// <summary>
/// Reads the extracted-text document that <c>dossier ingest</c> stores as a derivative item: the item it was read
/// from and its pages, each with the keys the index holds (<see cref="TextKeys"/>). Any other JSON (a transcript
/// someone added by hand) is not one: <see cref="TryRead"/> gives null and nothing is indexed.
/// </summary>
public static class ExtractedText
{
    /// <summary>Characters of a page kept for snippets; the keys are taken from the whole page.</summary>
    public const int MaxStoredText = 100_000;

    public static (string Original, IReadOnlyList<DocumentPage> Pages)? TryRead(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != "dossier.extracted-text"
                || !root.TryGetProperty("original", out var original) || original.ValueKind != JsonValueKind.Object
                || !original.TryGetProperty("hash", out var hash) || hash.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var read = new List<DocumentPage>();
            foreach (var page in pages.EnumerateArray())
            {
                if (page.ValueKind != JsonValueKind.Object
                    || !page.TryGetProperty("page", out var number) || !number.TryGetInt32(out var n) || n < 1
                    || !page.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var clean = ForDisplay(text.GetString()!);
                if (NameNormalizer.Tokens(clean).Count == 0)
                {
                    continue;
                }

                read.Add(new DocumentPage(n, clean.Length > MaxStoredText ? clean[..MaxStoredText] : clean, TextKeys.For(clean)));
            }

            return (hash.GetString()!.ToLowerInvariant(), read);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The page as a snippet shows it: without the invisible bidi controls (LRM, RLM, ALM, embeddings, overrides,
    /// isolates) PDFs and OCR leave in it, and with Arabic presentation forms (ﺣﻤﯿﺪ, as many PDFs store Persian glyphs)
    /// folded to the letters they show (حمید), so a snippet can be read, copied and searched. The extracted-text
    /// document keeps the text as extracted.
    /// </summary>
    public static string ForDisplay(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        static bool IsControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
        static bool IsPresentationForm(char c) => c is (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');
        if (!text.Any(c => IsControl(c) || IsPresentationForm(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsPresentationForm(c))
            {
                // Compatibility decomposition gives the letter (or, for a ligature, the letters) the form shows.
                builder.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            }
            else if (!IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>A page of a document that matched a search, as the store found it (before the snippet is cut).</summary>
public sealed record PageHit(string Hash, string Name, string TextHash, int Page, Classification Classification, string Text, double Rank);

/// <summary>A piece of a snippet, marked when it matched a query word.</summary>
public readonly record struct SnippetPiece(string Text, bool Matched);

/// <summary>A document page that matched: the evidence item (the original file), the page, and a snippet around the first match.</summary>
public sealed record DocumentHit(string Hash, string Name, string TextHash, int Page, Classification Classification, IReadOnlyList<SnippetPiece> Snippet, double Rank)
{
    /// <summary>The snippet with matched words in brackets, for a terminal.</summary>
    public string SnippetText(string open = "[", string close = "]") =>
        string.Concat(Snippet.Select(p => p.Matched ? open + p.Text + close : p.Text));
}

/// <summary>
/// How a word of a text meets a query, the way the index does: a prefix of a normalised or romanised key, or an
/// equal phonetic key. One rule for record highlights and document snippets.
/// </summary>
public static class QueryMatch
{
    public static bool Meets(string word, IReadOnlyList<QueryWord> query)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(query);
        var keys = SearchKeys.For(word);
        foreach (var q in query)
        {
            if (keys.Normalized.Any(k => q.Normalized.Any(w => k.StartsWith(w, StringComparison.Ordinal)))
                || keys.Romanized.Any(k => q.Romanized.Any(w => k.StartsWith(w, StringComparison.Ordinal)))
                || keys.Phonetic.Any(k => q.Phonetic.Contains(k, StringComparer.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A snippet of <paramref name="text"/> around its first word that meets the query: up to
    /// <paramref name="before"/> words before it and <paramref name="after"/> after, on one line where the page has
    /// lines, with every meeting word marked. White space is kept as written (line breaks become spaces).
    /// </summary>
    public static IReadOnlyList<SnippetPiece> Snippet(string text, IReadOnlyList<QueryWord> query, int before = 8, int after = 14)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<(int Start, int End)>();
        for (int i = 0, start = -1; i <= text.Length; i++)
        {
            var space = i == text.Length || char.IsWhiteSpace(text[i]);
            if (!space && start < 0)
            {
                start = i;
            }
            else if (space && start >= 0)
            {
                words.Add((start, i));
                start = -1;
            }
        }

        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Hit(int index)
        {
            var word = text[words[index].Start..words[index].End];
            if (!seen.TryGetValue(word, out var hit))
            {
                hit = Meets(word, query);
                seen[word] = hit;
            }

            return hit;
        }

        var first = Enumerable.Range(0, words.Count).FirstOrDefault(Hit, -1);
        // A page that matched only by an adjacent pair ("Pour Mohammadi") shows its start.
        var from = Math.Max(0, first - before);
        var to = Math.Min(words.Count, (first < 0 ? 0 : first) + after + 1);
        var pieces = new List<SnippetPiece>();
        if (from > 0)
        {
            pieces.Add(new SnippetPiece("… ", false));
        }

        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                var gap = text[words[i - 1].End..words[i].Start];
                pieces.Add(new SnippetPiece(gap.Contains('\n', StringComparison.Ordinal) ? " " : gap, false));
            }

            pieces.Add(new SnippetPiece(text[words[i].Start..words[i].End], Hit(i)));
        }

        if (to < words.Count)
        {
            pieces.Add(new SnippetPiece(" …", false));
        }

        return pieces;
    }
}

/// <summary>
/// Search inside documents: the same query words as the record search (<see cref="QueryWord.Parse"/>), matched
/// against the pages of extracted text the evidence projection indexes, never above <paramref name="ceiling"/>
/// (an item and its text both within it). The API, the web page and the CLI all come through here.
/// </summary>
public static class DocumentSearch
{
    public static async Task<IReadOnlyList<DocumentHit>> SearchAsync(Evidence.IEvidenceStore store, string text, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(text);
        var words = QueryWord.Parse(text);
        if (words.Count == 0)
        {
            return [];
        }

        var pages = await store.SearchPagesAsync(words, ceiling, Math.Clamp(limit, 1, 200), cancellationToken);
        return [.. pages.Select(p => new DocumentHit(p.Hash, p.Name, p.TextHash, p.Page, p.Classification, QueryMatch.Snippet(p.Text, words), p.Rank))];
    }
}
