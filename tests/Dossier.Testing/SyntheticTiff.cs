using System.Buffers.Binary;

namespace Dossier.Testing;

/// <summary>
/// A real multi-page TIFF (baseline, uncompressed RGB, one strip per page) written byte by byte from the TIFF 6.0
/// layout, each page filled with one colour: a "scan" of several pages for the preview and redaction tests, since the
/// image library here writes one frame per TIFF. SYNTHETIC test data.
/// </summary>
public static class SyntheticTiff
{
    public static byte[] Pages(int width, int height, params (byte R, byte G, byte B)[] colours)
    {
        ArgumentNullException.ThrowIfNull(colours);
        const int entries = 10;
        var ifdSize = 2 + (entries * 12) + 4;
        var pixels = width * height * 3;
        var pageSize = ifdSize + 6 + pixels; // the IFD, BitsPerSample's three values, then the strip
        var tiff = new byte[8 + (pageSize * colours.Length)];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        for (var page = 0; page < colours.Length; page++)
        {
            var ifd = 8 + (page * pageSize);
            var bits = ifd + ifdSize;
            var strip = bits + 6;
            var tags = new (ushort Tag, ushort Type, uint Count, uint Value)[]
            {
                (256, 4, 1, (uint)width),
                (257, 4, 1, (uint)height),
                (258, 3, 3, (uint)bits),
                (259, 3, 1, 1), // no compression
                (262, 3, 1, 2), // RGB
                (273, 4, 1, (uint)strip),
                (277, 3, 1, 3),
                (278, 4, 1, (uint)height),
                (279, 4, 1, (uint)pixels),
                (284, 3, 1, 1), // chunky
            };
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(ifd), entries);
            for (var i = 0; i < entries; i++)
            {
                var slot = tiff.AsSpan(ifd + 2 + (i * 12));
                BinaryPrimitives.WriteUInt16LittleEndian(slot, tags[i].Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(slot[2..], tags[i].Type);
                BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], tags[i].Count);
                if (tags[i].Type == 3 && tags[i].Count == 1)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(slot[8..], (ushort)tags[i].Value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], tags[i].Value);
                }
            }

            var next = page + 1 < colours.Length ? (uint)(ifd + pageSize) : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(ifd + 2 + (entries * 12)), next);
            for (var i = 0; i < 3; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(bits + (i * 2)), 8);
            }

            var (r, g, b) = colours[page];
            for (var p = 0; p < pixels; p += 3)
            {
                tiff[strip + p] = r;
                tiff[strip + p + 1] = g;
                tiff[strip + p + 2] = b;
            }
        }

        return tiff;
    }
}
