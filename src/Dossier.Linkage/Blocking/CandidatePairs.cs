using System.Runtime.InteropServices;

namespace Dossier.Linkage.Blocking;

/// <summary>Two record indices; for linkage A is on the left, B on the right; for deduplication A &lt; B.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct RecordPair(int A, int B);

/// <summary>A growable array of pairs without per-pair objects.</summary>
internal sealed class PairBuffer
{
    private RecordPair[] _items = new RecordPair[1024];

    public int Count { get; private set; }

    public void Add(int a, int b)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, checked(_items.Length * 2));
        }

        _items[Count++] = new RecordPair(a, b);
    }

    public RecordPair[] ToArray() => _items.AsSpan(0, Count).ToArray();

    public RecordPair[] Detach()
    {
        if (_items.Length != Count)
        {
            Array.Resize(ref _items, Count);
        }

        var items = _items;
        _items = [];
        Count = 0;
        return items;
    }
}
