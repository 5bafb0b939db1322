using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Dossier.Documents;

/// <summary>
/// The pictures a reader looks at, and draws redaction boxes on, for a stored file (ADR 1813, 1814): one per page of a
/// PDF (rendered by <see cref="PdfPreview"/>), one per frame of a TIFF (browsers do not show TIFF, so it is rendered here
/// to PNG), and the image itself for the kinds the browser shows. Redaction regions are in the pixels of these pictures.
/// </summary>
public static class PagePictures
{
    /// <summary>A page larger than this (100 megapixels) is refused rather than decoded: a crafted file cannot exhaust memory.</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>All the pages of one TIFF together: at most 400 megapixels are decoded at once.</summary>
    public const long MaxTotalPixels = 4 * MaxPixels;

    /// <summary>At most this many TIFF frames are counted; a file that claims more is treated as damaged.</summary>
    public const int MaxTiffPages = 10_000;

    /// <summary>Kinds whose pictures are rendered on the server, page by page.</summary>
    public static bool IsPaged(string mediaType) => mediaType is "application/pdf" or "image/tiff";

    /// <summary>Images decoded here for redaction and TIFF pages.</summary>
    public static bool IsImage(string mediaType) => mediaType is "image/jpeg" or "image/png" or "image/gif" or "image/webp" or "image/tiff";

    /// <summary>How many pages a paged file has (0 when it cannot be read); 1 for a single image.</summary>
    public static int PageCount(string path, string mediaType) => mediaType switch
    {
        "application/pdf" => PdfPreview.PageCount(path),
        "image/tiff" => TiffPageCount(path),
        _ => IsImage(mediaType) ? 1 : 0,
    };

    /// <summary>Page <paramref name="page"/> (from 1) of a PDF or TIFF as a PNG, or why it cannot be shown.</summary>
    public static Task<PreviewPage> RenderAsync(string path, string mediaType, int page, CancellationToken cancellationToken) =>
        mediaType == "image/tiff" ? Task.FromResult(RenderTiffPage(path, page, cancellationToken)) : PdfPreview.RenderAsync(path, page, cancellationToken);

    /// <summary>
    /// Counts the image file directories of a TIFF (classic or BigTIFF) by walking their chain, without decoding a pixel:
    /// the evidence page asks on every view, and a scan of many pages would otherwise be decoded whole each time.
    /// </summary>
    public static int TiffPageCount(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> header = stackalloc byte[16];
            if (file.Read(header) < 8)
            {
                return 0;
            }

            var little = header[0] == 'I' && header[1] == 'I';
            if (!little && !(header[0] == 'M' && header[1] == 'M'))
            {
                return 0;
            }

            var version = U16(header[2..], little);
            var big = version == 43;
            if (version != 42 && !big)
            {
                return 0;
            }

            var offset = big ? (long)U64(header[8..], little) : U32(header[4..], little);
            var seen = new HashSet<long>();
            var pages = 0;
            Span<byte> buffer = stackalloc byte[8];
            while (offset > 0 && offset < file.Length && seen.Add(offset) && pages < MaxTiffPages)
            {
                file.Position = offset;
                if (file.Read(buffer[..(big ? 8 : 2)]) < (big ? 8 : 2))
                {
                    return 0;
                }

                var entries = big ? (long)U64(buffer, little) : U16(buffer, little);
                file.Position = offset + (big ? 8 : 2) + (entries * (big ? 20 : 12));
                if (file.Read(buffer[..(big ? 8 : 4)]) < (big ? 8 : 4))
                {
                    return 0;
                }

                pages++;
                offset = big ? (long)U64(buffer, little) : U32(buffer, little);
            }

            return pages < MaxTiffPages ? pages : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, bool little) => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint U32(ReadOnlySpan<byte> bytes, bool little) => little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static ulong U64(ReadOnlySpan<byte> bytes, bool little) => little ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : BinaryPrimitives.ReadUInt64BigEndian(bytes);

    private static PreviewPage RenderTiffPage(string path, int page, CancellationToken cancellationToken)
    {
        var pages = TiffPageCount(path);
        if (pages == 0)
        {
            return new PreviewPage(null, 0, "the TIFF cannot be read (damaged or not a TIFF); download it to examine it");
        }

        if (page < 1 || page > pages)
        {
            return new PreviewPage(null, pages, $"the TIFF has {pages.ToString(System.Globalization.CultureInfo.InvariantCulture)} page(s)");
        }

        if (LoadPages(path, cancellationToken) is not { } frames)
        {
            return new PreviewPage(null, pages, "the TIFF cannot be decoded (damaged, too large, or an encoding not supported); download it to examine it");
        }

        try
        {
            if (page > frames.Count)
            {
                return new PreviewPage(null, pages, "the TIFF cannot be decoded (damaged, too large, or an encoding not supported); download it to examine it");
            }

            using var output = new MemoryStream();
            frames[page - 1].Save(output, new PngEncoder());
            return new PreviewPage(output.ToArray(), pages, null);
        }
        finally
        {
            foreach (var frame in frames)
            {
                frame.Dispose();
            }
        }
    }

    /// <summary>
    /// The pictures of an image file as the reader sees them, each a new image with no metadata at all: the frames of a
    /// TIFF, or the one image (EXIF orientation applied, as the browser shows it); null when it cannot be decoded or a
    /// page is larger than <see cref="MaxPixels"/>.
    /// </summary>
    internal static List<Image<Rgba32>>? LoadPages(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = Image.Identify(path);
            if (info is null || (long)info.Width * info.Height > MaxPixels)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var format = Image.DetectFormat(path);
            // ImageSharp 2 decodes every frame of a TIFF: bounded by its page count times its first page's size.
            if (format is TiffFormat && TiffPageCount(path) * (long)info.Width * info.Height > MaxTotalPixels)
            {
                return null;
            }

            // A GIF is read up to its second frame only: enough to know it is animated, never a bomb of frames.
            using var image = format is GifFormat
                ? Image.Load<Rgba32>(Configuration.Default, path, new GifDecoder { MaxFrames = 2 })
                : Image.Load<Rgba32>(path);
            image.Mutate(x => x.AutoOrient());
            var pages = new List<Image<Rgba32>>(image.Frames.Count);
            for (var i = 0; i < image.Frames.Count; i++)
            {
                var frame = image.Frames[i];
                if ((long)frame.Width * frame.Height > MaxPixels)
                {
                    pages.ForEach(p => p.Dispose());
                    return null;
                }

                // A fresh image, pixels copied row by row: no EXIF, XMP, ICC, IPTC, text chunk or comment comes along.
                var clean = new Image<Rgba32>(frame.Width, frame.Height);
                frame.ProcessPixelRows(clean.Frames.RootFrame, (source, target) =>
                {
                    for (var y = 0; y < source.Height; y++)
                    {
                        source.GetRowSpan(y).CopyTo(target.GetRowSpan(y));
                    }
                });
                pages.Add(clean);
            }

            return pages;
        }
#pragma warning disable CA1031 // Anyone's bytes: whatever the decoder trips on, the file is shown as one that cannot be decoded.
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
