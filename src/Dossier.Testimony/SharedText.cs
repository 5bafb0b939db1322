using System.Text.RegularExpressions;

namespace Dossier.Testimony;

/// <summary>A run of a statement's text, marked when it is part of a passage the other statement shares.</summary>
public readonly record struct Passage(string Text, bool Shared);

/// <summary>
/// Finds the passages two statements share, for showing near-copies side by side (issue 14 §5): a word is
/// marked when it is part of a run of <see cref="NearCopyOptions.ShingleSize"/> words whose comparison keys
/// (<see cref="StatementTokens"/>: spelling, script, letter forms and digits folded) occur as a run in the
/// other text too — the same runs the detector's score counts.
/// </summary>
public static partial class SharedText
{
    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}\u200C]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    /// <summary>Both texts cut into passages, shared ones marked; joined back, each gives its text unchanged.</summary>
    public static (IReadOnlyList<Passage> Left, IReadOnlyList<Passage> Right) Mark(string left, string right, int shingleSize = 3)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var (leftWords, leftKeys) = Keyed(left);
        var (rightWords, rightKeys) = Keyed(right);
        var leftRuns = Runs(leftKeys, shingleSize);
        var rightRuns = Runs(rightKeys, shingleSize);
        return (Passages(left, leftWords, leftKeys, rightRuns, shingleSize), Passages(right, rightWords, rightKeys, leftRuns, shingleSize));
    }

    // Each word of the text with its keys' positions: a word may give no key (punctuation) or, rarely, more than one.
    private static (List<Match> Words, List<(string Key, int Word)> Keys) Keyed(string text)
    {
        var words = WordPattern().Matches(text).ToList();
        var keys = new List<(string, int)>();
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var key in StatementTokens.Keys(words[i].Value))
            {
                keys.Add((key, i));
            }
        }

        return (words, keys);
    }

    private static HashSet<string> Runs(List<(string Key, int Word)> keys, int size)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + size <= keys.Count; i++)
        {
            runs.Add(Run(keys, i, size));
        }

        return runs;
    }

    private static string Run(List<(string Key, int Word)> keys, int start, int size) =>
        string.Join('\u001F', keys.Skip(start).Take(size).Select(k => k.Key));

    private static List<Passage> Passages(string text, List<Match> words, List<(string Key, int Word)> keys, HashSet<string> otherRuns, int size)
    {
        var shared = new bool[words.Count];
        for (var i = 0; i + size <= keys.Count; i++)
        {
            if (otherRuns.Contains(Run(keys, i, size)))
            {
                for (var j = i; j < i + size; j++)
                {
                    shared[keys[j].Word] = true;
                }
            }
        }

        // Marked words next to each other form one passage with what lies between them (spaces, commas).
        var passages = new List<Passage>();
        var at = 0;
        var word = 0;
        while (word < words.Count)
        {
            if (!shared[word])
            {
                word++;
                continue;
            }

            var last = word;
            while (last + 1 < words.Count && shared[last + 1])
            {
                last++;
            }

            var start = words[word].Index;
            var end = words[last].Index + words[last].Length;
            if (start > at)
            {
                passages.Add(new Passage(text[at..start], false));
            }

            passages.Add(new Passage(text[start..end], true));
            at = end;
            word = last + 1;
        }

        if (at < text.Length)
        {
            passages.Add(new Passage(text[at..], false));
        }

        return passages;
    }
}
