using Dossier.Application.Evidence;
using Dossier.Testing;

namespace Dossier.Application.Tests.Evidence;

public class MediaMetadataTests
{
    [Fact]
    public void A_jpeg_with_exif_should_give_its_gps_in_decimal_degrees_and_its_camera()
    {
        var extracted = MediaMetadata.Read(new MemoryStream(SyntheticJpeg.WithGps(latitude: (59, 19, 45), longitude: (18, 4, 6))));

        extracted.DetectedMediaType.ShouldBe("image/jpeg");
        var gps = extracted.Metadata!.Value.GetProperty("gps");
        gps.GetProperty("latitude").GetDouble().ShouldBe(59 + (19 / 60.0) + (45 / 3600.0), 1e-6);
        gps.GetProperty("longitude").GetDouble().ShouldBe(18 + (4 / 60.0) + (6 / 3600.0), 1e-6);
        var directories = extracted.Metadata.Value.GetProperty("directories");
        directories.GetProperty("Exif IFD0").GetProperty("Model").GetString().ShouldBe("Model T-1");
        directories.GetProperty("JPEG").GetProperty("Image Width").GetString().ShouldBe("8 pixels");
        directories.TryGetProperty("File", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_file_no_reader_knows_should_give_no_metadata_and_fall_back_to_its_extension()
    {
        var extracted = MediaMetadata.Read(new MemoryStream("%PDF-1.7 not really (synthetic)"u8.ToArray()));

        extracted.Metadata.ShouldBeNull();
        MediaMetadata.MediaTypeOf(extracted, "statement.pdf").ShouldBe("application/pdf");
        MediaMetadata.MediaTypeOf(extracted, "unknown.xyz").ShouldBe("application/octet-stream");
        // A drawing is text no reader types by its bytes: its name says what it is, so the page can preview it.
        MediaMetadata.MediaTypeOf(extracted, "corridor-plan.svg").ShouldBe("image/svg+xml");
    }

    [Fact]
    public void A_jpeg_named_as_text_should_be_typed_by_its_bytes()
    {
        var extracted = MediaMetadata.Read(new MemoryStream(SyntheticJpeg.WithGps()));

        MediaMetadata.MediaTypeOf(extracted, "misleading.txt").ShouldBe("image/jpeg");
    }

    [Fact]
    public void The_same_bytes_should_always_give_the_same_metadata()
    {
        var bytes = SyntheticJpeg.WithGps(variant: 5);

        MediaMetadata.Read(new MemoryStream(bytes)).Metadata!.Value.GetRawText()
            .ShouldBe(MediaMetadata.Read(new MemoryStream(bytes)).Metadata!.Value.GetRawText());
    }
}
