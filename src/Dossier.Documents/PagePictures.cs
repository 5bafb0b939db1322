using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

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
    /// TIFF, or the image (EXIF orientation applied, as the browser shows it; an animated one gives its first two frames,
    /// enough to know it moves); null when it cannot be decoded or a page is larger than <see cref="MaxPixels"/>.
    /// </summary>
    /// <remarks>
    /// PNG, JPEG, WebP and GIF are decoded by Skia (ADR 1822): its decoders are the ones Chromium fuzzes and ships, and
    /// these are the kinds anyone can upload. TIFF, which Skia does not read, stays with ImageSharp, bounded in pixels and
    /// pages before a byte of it is decoded.
    /// </remarks>
    internal static List<Image<Rgba32>>? LoadPages(string path, CancellationToken cancellationToken)
    {
        try
        {
            return IsTiff(path) ? LoadTiffPages(path, cancellationToken) : LoadWithSkia(path, cancellationToken);
        }
#pragma warning disable CA1031 // Anyone's bytes: whatever the decoder trips on, the file is shown as one that cannot be decoded (a missing native decoder is not the file's fault, so it is not caught).
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException or DllNotFoundException or TypeInitializationException))
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static bool IsTiff(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && ((magic[0] == 'I' && magic[1] == 'I') || (magic[0] == 'M' && magic[1] == 'M'));
    }

    private static List<Image<Rgba32>>? LoadWithSkia(string path, CancellationToken cancellationToken)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Gif))
        {
            return null;
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
        {
            return null;
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pages = new List<Image<Rgba32>>();
        // Frame by frame, each drawn whole (no prior frame reused): two frames are enough to refuse an animation.
        for (var frame = 0; frame < Math.Min(Math.Max(codec.FrameCount, 1), 2); frame++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = new byte[info.BytesSize64];
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
            SKCodecResult result;
            try
            {
                result = codec.GetPixels(info, handle.AddrOfPinnedObject(), new SKCodecOptions(frame));
            }
            finally
            {
                handle.Free();
            }

            // A truncated file is not shown half-drawn: its picture could hide what a box should cover.
            if (result != SKCodecResult.Success)
            {
                pages.ForEach(p => p.Dispose());
                return null;
            }

            pages.Add(Oriented(Image.LoadPixelData<Rgba32>(pixels, width, height), Origin(path, codec)));
        }

        return pages;
    }

    // Skia reads a JPEG's or WebP's orientation but not a PNG's eXIf chunk, which browsers honour; that one is read by
    // the EXIF reader that already reads every uploaded file's metadata.
    private static SKEncodedOrigin Origin(string path, SKCodec codec)
    {
        if (codec.EncodedOrigin is not (SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) || codec.EncodedFormat != SKEncodedImageFormat.Png)
        {
            return codec.EncodedOrigin;
        }

        var exif = MetadataExtractor.ImageMetadataReader.ReadMetadata(path).OfType<MetadataExtractor.Formats.Exif.ExifIfd0Directory>().FirstOrDefault();
        return exif is not null && MetadataExtractor.DirectoryExtensions.TryGetInt32(exif, MetadataExtractor.Formats.Exif.ExifDirectoryBase.TagOrientation, out var value) && value is >= 1 and <= 8
            ? (SKEncodedOrigin)value
            : SKEncodedOrigin.TopLeft;
    }

    // Skia reports the EXIF orientation without applying it; its values are EXIF's, so ImageSharp's AutoOrient turns the
    // image as the browser does. The image holds no other metadata: it was made from bare pixels.
    private static Image<Rgba32> Oriented(Image<Rgba32> image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return image;
        }

        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)origin);
        image.Mutate(x => x.AutoOrient());
        image.Metadata.ExifProfile = null;
        return image;
    }

    private static List<Image<Rgba32>>? LoadTiffPages(string path, CancellationToken cancellationToken)
    {
        var info = Image.Identify(path);
        if (info is null || (long)info.Width * info.Height > MaxPixels)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // ImageSharp 2 decodes every frame of a TIFF: bounded by its page count times its first page's size.
        if (Image.DetectFormat(path) is not TiffFormat || TiffPageCount(path) * (long)info.Width * info.Height > MaxTotalPixels)
        {
            return null;
        }

        using var image = Image.Load<Rgba32>(path);
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
}
