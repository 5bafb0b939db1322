namespace Dossier.Testimony;

/// <summary>One proposed statement: where it lies in the transcript, and its text (trimmed).</summary>
public readonly record struct ProposedStatement(int Start, int Length, string Text);

/// <summary>
/// Proposes where an interview transcript splits into statements (issue 14 §2): at paragraphs (blank lines), and
/// a paragraph longer than <paramref name="maxLength"/> further at sentence ends — <c>. ! ? ؟ …</c> followed by a
/// space or line end, in Latin and Persian script — joining short sentences back up to about that length. The
/// analyst edits the proposal; nothing is split without them.
/// </summary>
public static class StatementSplitter
{
    private const string SentenceEnds = ".!?؟…";

    public static IReadOnlyList<ProposedStatement> Propose(string transcript, int maxLength = 600)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var text = transcript.Replace("\r\n", "\n", StringComparison.Ordinal);
        var proposals = new List<ProposedStatement>();
        foreach (var (start, length) in Paragraphs(text))
        {
            if (length <= maxLength)
            {
                Add(text, start, length, proposals);
                continue;
            }

            // A long paragraph: sentences, packed greedily so that none but a single long sentence passes the limit.
            var chunkStart = start;
            var chunkEnd = start;
            foreach (var end in SentenceBoundaries(text, start, length))
            {
                if (end - chunkStart > maxLength && chunkEnd > chunkStart)
                {
                    Add(text, chunkStart, chunkEnd - chunkStart, proposals);
                    chunkStart = chunkEnd;
                }

                chunkEnd = end;
            }

            Add(text, chunkStart, start + length - chunkStart, proposals);
        }

        return proposals;
    }

    private static IEnumerable<(int Start, int Length)> Paragraphs(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            // A blank line (only spaces between two line breaks) ends a paragraph.
            if (text[i] == '\n')
            {
                var j = i + 1;
                while (j < text.Length && text[j] is ' ' or '\t')
                {
                    j++;
                }

                if (j < text.Length && text[j] == '\n')
                {
                    yield return (start, i - start);
                    while (j < text.Length && char.IsWhiteSpace(text[j]))
                    {
                        j++;
                    }

                    start = j;
                    i = j;
                    continue;
                }
            }

            i++;
        }

        yield return (start, text.Length - start);
    }

    // The offsets just after each sentence end in the paragraph, the paragraph's end last.
    private static IEnumerable<int> SentenceBoundaries(string text, int start, int length)
    {
        var end = start + length;
        for (var i = start; i < end; i++)
        {
            if (SentenceEnds.Contains(text[i], StringComparison.Ordinal) && (i + 1 == end || char.IsWhiteSpace(text[i + 1])))
            {
                yield return i + 1;
            }
        }

        yield return end;
    }

    private static void Add(string text, int start, int length, List<ProposedStatement> proposals)
    {
        var piece = text.Substring(start, length);
        var trimmed = piece.Trim();
        if (trimmed.Length > 0)
        {
            proposals.Add(new ProposedStatement(start + piece.IndexOf(trimmed[0], StringComparison.Ordinal), trimmed.Length, trimmed));
        }
    }
}
