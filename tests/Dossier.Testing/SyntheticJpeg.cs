using System.Buffers.Binary;
using System.Text;

namespace Dossier.Testing;

/// <summary>
/// A small, real, decodable JPEG (8×8 grey baseline) written byte by byte, with an EXIF block that holds a
/// camera make and model, a date and GPS coordinates given in degrees, minutes and seconds. SYNTHETIC test data:
/// no camera took it. Written here from the JPEG (ITU T.81) and EXIF 2.3 layouts so tests need no fixture file.
/// </summary>
public static class SyntheticJpeg
{
    /// <summary>Latitude 35° 49′ 48″ N and longitude 50° 56′ 24″ E: 35.83, 50.94 in decimal degrees.</summary>
    public static byte[] WithGps(string make = "SyntheticCam (test data)", string model = "Model T-1", (int D, int M, int S) latitude = default, (int D, int M, int S) longitude = default, int variant = 0)
    {
        var lat = latitude == default ? (35, 49, 48) : latitude;
        var lon = longitude == default ? (50, 56, 24) : longitude;
        var exif = Exif(make, model, "2021:11:12 14:05:00", lat, lon);
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        Segment(jpeg, 0xE1, [.. "Exif\0\0"u8.ToArray(), .. exif]);
        // DQT: one table of ones; the variant changes one value so tests can make distinct files.
        var table = Enumerable.Repeat((byte)1, 64).ToArray();
        table[63] = (byte)(1 + (variant % 250));
        Segment(jpeg, 0xDB, [0x00, .. table]);
        Segment(jpeg, 0xC0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
        // One Huffman code of length 1 for DC category 0 and one for AC end-of-block: a flat grey block.
        var oneCode = new byte[16];
        oneCode[0] = 1;
        Segment(jpeg, 0xC4, [0x00, .. oneCode, 0x00]);
        Segment(jpeg, 0xC4, [0x10, .. oneCode, 0x00]);
        Segment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);
        jpeg.Add(0x3F); // bits 0 (DC diff 0), 0 (EOB), padded with ones
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    private static void Segment(List<byte> jpeg, byte marker, byte[] payload)
    {
        jpeg.Add(0xFF);
        jpeg.Add(marker);
        jpeg.Add((byte)((payload.Length + 2) >> 8));
        jpeg.Add((byte)((payload.Length + 2) & 0xFF));
        jpeg.AddRange(payload);
    }

    // A little-endian TIFF structure: IFD0 (make, model, date, GPS pointer), then the GPS IFD, then the values.
    private static byte[] Exif(string make, string model, string date, (int D, int M, int S) lat, (int D, int M, int S) lon)
    {
        const int ifd0 = 8, ifd0Entries = 4, gpsEntries = 5;
        var gpsIfd = ifd0 + 2 + (ifd0Entries * 12) + 4;
        var data = gpsIfd + 2 + (gpsEntries * 12) + 4;
        var values = new List<byte>();
        int Place(byte[] bytes)
        {
            var offset = data + values.Count;
            values.AddRange(bytes);
            if (values.Count % 2 == 1)
            {
                values.Add(0);
            }

            return offset;
        }

        static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s + "\0");
        static byte[] Rationals((int D, int M, int S) v)
        {
            var bytes = new byte[24];
            var parts = new[] { v.D, v.M, v.S };
            for (var i = 0; i < 3; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8), (uint)parts[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((i * 8) + 4), 1);
            }

            return bytes;
        }

        var (makeBytes, modelBytes, dateBytes) = (Ascii(make), Ascii(model), Ascii(date));
        var ifd0List = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
        {
            (0x010F, 2, (uint)makeBytes.Length, (uint)Place(makeBytes)),
            (0x0110, 2, (uint)modelBytes.Length, (uint)Place(modelBytes)),
            (0x0132, 2, (uint)dateBytes.Length, (uint)Place(dateBytes)),
            (0x8825, 4, 1, (uint)gpsIfd),
        };
        var gpsList = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
        {
            (0x0000, 1, 4, 0x00000302), // version 2.3.0.0, inline
            (0x0001, 2, 2, 'N'),
            (0x0002, 5, 3, (uint)Place(Rationals(lat))),
            (0x0003, 2, 2, 'E'),
            (0x0004, 5, 3, (uint)Place(Rationals(lon))),
        };

        var tiff = new byte[data + values.Count];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), ifd0);
        WriteIfd(tiff, ifd0, ifd0List);
        WriteIfd(tiff, gpsIfd, gpsList);
        values.CopyTo(tiff, data);
        return tiff;
    }

    private static void WriteIfd(byte[] tiff, int at, List<(ushort Tag, ushort Type, uint Count, uint Value)> entries)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var slot = tiff.AsSpan(at + 2 + (i * 12));
            BinaryPrimitives.WriteUInt16LittleEndian(slot, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(slot[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], entries[i].Value);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 2 + (entries.Count * 12)), 0);
    }
}
