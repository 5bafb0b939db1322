using Dossier.Linkage.Input;

namespace Dossier.Linkage.Fields;

/// <summary>
/// A text field encoded once: each record points at a distinct comparable value (0 = missing); each
/// value keeps its characters in one shared array, its phonetic key id and how many records hold it.
/// Comparisons then work on value ids and spans, never on per-record strings.
/// </summary>
internal sealed class TextColumn
{
    private readonly char[] _chars;
    private readonly int[] _start;
    private readonly int[] _length;

    private TextColumn(int[] value, char[] chars, int[] start, int[] length, int[] phonetic, string[] phoneticKeys, int[] frequency, string[] texts)
    {
        PhoneticKeys = phoneticKeys;
        Value = value;
        _chars = chars;
        _start = start;
        _length = length;
        Phonetic = phonetic;
        Frequency = frequency;
        Texts = texts;
        foreach (var v in value)
        {
            if (v != 0)
            {
                NonMissing++;
            }
        }
    }

    /// <summary>Per record, its value id; 0 when missing.</summary>
    public int[] Value { get; }

    /// <summary>Per value id, its phonetic key id (0 = none).</summary>
    public int[] Phonetic { get; }

    /// <summary>Per value id, its phonetic key ("" when none).</summary>
    public string[] PhoneticKeys { get; }

    /// <summary>Per value id, the number of records holding it.</summary>
    public int[] Frequency { get; }

    /// <summary>Per value id, the comparable text.</summary>
    public string[] Texts { get; }

    public int NonMissing { get; }

    public int DistinctCount => Texts.Length;

    public ReadOnlySpan<char> Span(int value) => _chars.AsSpan(_start[value], _length[value]);

    /// <summary>Encodes one column of each table, the tables' rows laid end to end.</summary>
    /// <remarks>
    /// <paramref name="phoneticIds"/> is shared by all name columns of a record set, so "Snell" has one
    /// phonetic id whether it was written as a given or a family name (swapped names still block together).
    /// </remarks>
    public static TextColumn Build(IReadOnlyList<(CsvTable Table, int Column)> parts, Func<string, string> comparable, Dictionary<string, int>? phoneticIds, Func<string, string>? phoneticKey = null)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        var texts = new List<string> { string.Empty };
        var phonetic = phoneticIds is not null;
        phoneticIds ??= new Dictionary<string, int>(StringComparer.Ordinal);
        phoneticIds.TryAdd(string.Empty, 0);
        var phoneticOf = new List<int> { 0 };
        var keyOf = new List<string> { string.Empty };
        var total = 0;
        foreach (var (table, _) in parts)
        {
            total += table.RowCount;
        }

        var value = new int[total];
        var offset = 0;
        foreach (var (table, column) in parts)
        {
            var distinct = table.DistinctValues(column);
            var map = new int[distinct.Count];

            // Normalising, romanising and keying are per distinct value and independent: spread them over the cores.
            var comparables = new string[distinct.Count];
            var keys = new string[distinct.Count];
            Parallel.For(1, distinct.Count, d =>
            {
                comparables[d] = comparable(distinct[d]);
                keys[d] = phonetic ? (phoneticKey ?? NameKeys.Phonetic)(comparables[d]) : string.Empty;
            });
            for (var d = 1; d < distinct.Count; d++)
            {
                var text = comparables[d];
                if (!ids.TryGetValue(text, out var id))
                {
                    id = texts.Count;
                    ids.Add(text, id);
                    texts.Add(text);
                    var key = keys[d];
                    if (!phoneticIds.TryGetValue(key, out var pid))
                    {
                        pid = phoneticIds.Count;
                        phoneticIds.Add(key, pid);
                    }

                    phoneticOf.Add(pid);
                    keyOf.Add(key);
                }

                map[d] = id;
            }

            var rows = table.ValueIds(column);
            for (var r = 0; r < rows.Length; r++)
            {
                value[offset + r] = map[rows[r]];
            }

            offset += rows.Length;
        }

        var frequency = new int[texts.Count];
        foreach (var v in value)
        {
            frequency[v]++;
        }

        frequency[0] = 0;
        var length = new int[texts.Count];
        var start = new int[texts.Count];
        var size = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            start[i] = size;
            length[i] = texts[i].Length;
            size += texts[i].Length;
        }

        var chars = new char[size];
        for (var i = 0; i < texts.Count; i++)
        {
            texts[i].CopyTo(chars.AsSpan(start[i]));
        }

        return new TextColumn(value, chars, start, length, phoneticOf.ToArray(), keyOf.ToArray(), frequency, texts.ToArray());
    }
}
