using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MetadataExtractor;
using MetadataExtractor.Formats.FileType;
using MetadataExtractor.Formats.Exif;

namespace Dossier.Application.Evidence;

/// <summary>What was read from a file's own headers: its detected media type and its metadata as JSON.</summary>
/// <param name="Problem">Set when the file's headers are damaged or hostile and could not be read: the file is
/// still taken in, without metadata, and the acquisition entry says why (<c>metadataNote</c>).</param>
public sealed record ExtractedMetadata(string? DetectedMediaType, JsonElement? Metadata, string? Problem = null);

/// <summary>
/// Reads EXIF, XMP, IPTC, GPS and container metadata (JPEG, PNG, TIFF, HEIF, MP4/QuickTime, AVI, WAV, …)
/// with MetadataExtractor, for the acquisition entry. The result is a plain JSON object
/// <c>{"gps": {"latitude", "longitude"}, "directories": {"Exif IFD0": {"Make": "…"}, …}}</c> built only from
/// the file's bytes, so the same file always gives the same entry. A file no reader understands gives null.
/// </summary>
public static class MediaMetadata
{
    // Bounds keep one hostile file from bloating the ledger: long values are cut, and only so many tags kept.
    private const int MaxValueLength = 512;
    private const int MaxTags = 400;

    // File-system facts of the local copy (name, size, modified time) are not the file's own metadata.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "File", "File Type" };

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
        [".heic"] = "image/heic", [".webp"] = "image/webp", [".pdf"] = "application/pdf", [".txt"] = "text/plain", [".csv"] = "text/csv",
        [".json"] = "application/json", [".html"] = "text/html", [".mp4"] = "video/mp4", [".mov"] = "video/quicktime", [".avi"] = "video/x-msvideo",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".zip"] = "application/zip", [".svg"] = "image/svg+xml",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    /// <summary>The media type: what the file's own bytes say when a reader recognised them, else its name's extension.</summary>
    public static string MediaTypeOf(ExtractedMetadata extracted, string originalName)
    {
        ArgumentNullException.ThrowIfNull(extracted);
        return extracted.DetectedMediaType
            ?? ByExtension.GetValueOrDefault(Path.GetExtension(originalName ?? string.Empty), "application/octet-stream");
    }

    /// <summary>Reads the metadata of <paramref name="content"/> (a seekable stream of the stored file).</summary>
    public static ExtractedMetadata Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(content);
        }
        catch (ImageProcessingException)
        {
            // Not a format any reader knows (a PDF, a text file): the file is kept, with no metadata.
            return new ExtractedMetadata(null, null);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException
            or IndexOutOfRangeException or NotSupportedException or OverflowException or FormatException or OutOfMemoryException)
        {
            // A damaged or hostile header: a PNG chunk that declares 2 GB makes the reader try to allocate it
            // (OutOfMemoryException). The file is still evidence; it is kept without metadata, and the entry says why.
            return new ExtractedMetadata(null, null, $"the file's own headers could not be read ({exception.GetType().Name}); no metadata was recorded");
        }

        var detected = directories.OfType<FileTypeDirectory>().FirstOrDefault()?.GetString(FileTypeDirectory.TagDetectedFileMimeType);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var tags = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (directories.OfType<GpsDirectory>().Select(g => g.GetGeoLocation()).FirstOrDefault(l => l is not null) is { } location
                && double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude))
            {
                writer.WriteStartObject("gps");
                writer.WriteNumber("latitude", Math.Round(location.Latitude, 7));
                writer.WriteNumber("longitude", Math.Round(location.Longitude, 7));
                writer.WriteEndObject();
            }

            writer.WriteStartObject("directories");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var directory in directories)
            {
                // Two directories of one name (e.g. two thumbnails) are numbered, so no key repeats.
                var name = directory.Name;
                for (var n = 2; !seen.Add(name); n++)
                {
                    name = string.Create(CultureInfo.InvariantCulture, $"{directory.Name} {n}");
                }

                if (Skipped.Contains(directory.Name) || tags >= MaxTags)
                {
                    continue;
                }

                var written = new HashSet<string>(StringComparer.Ordinal);
                var started = false;
                foreach (var tag in directory.Tags)
                {
                    var value = tag.Description;
                    if (tags >= MaxTags || string.IsNullOrWhiteSpace(value) || !written.Add(tag.Name))
                    {
                        continue;
                    }

                    if (!started)
                    {
                        writer.WriteStartObject(name);
                        started = true;
                    }

                    writer.WriteString(tag.Name, Clean(value));
                    tags++;
                }

                if (started)
                {
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var root = document.RootElement;
        var empty = !root.TryGetProperty("gps", out _) && !root.GetProperty("directories").EnumerateObject().Any();
        return new ExtractedMetadata(detected, empty ? null : root.Clone());
    }

    // Control characters (binary tag values rendered as text) would make entries unreadable; they become spaces.
    private static string Clean(string value)
    {
        var cut = value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }
}
