using System.Text;
using Dossier.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace Dossier.Documents.Tests;

/// <summary>
/// Redaction burns boxes into a copy (issue 18 §8, ADR 1814): pixels under a box are black, pixels elsewhere kept,
/// nothing of the original's metadata comes along, and a redacted PDF keeps its pages but no text.
/// </summary>
public sealed class RedactionTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dossier-redaction-tests-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string NewFile(string name, byte[] content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static bool Black(Rgba32 pixel) => pixel is { R: 0, G: 0, B: 0, A: 255 };

    /// <summary>A 40 × 30 PNG whose every pixel differs, with a text chunk naming someone (SYNTHETIC).</summary>
    private static byte[] GradientPng()
    {
        using var image = new Image<Rgba32>(40, 30);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 6), (byte)(y * 8), 200, 255);
            }
        }

        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Author", "Witness Zarvandi (synthetic)", string.Empty, string.Empty));
        using var output = new MemoryStream();
        image.SaveAsPng(output);
        return output.ToArray();
    }

    [Fact]
    public async Task A_png_gets_black_pixels_inside_the_box_the_same_pixels_outside_and_no_text_chunk()
    {
        var original = GradientPng();
        Encoding.Latin1.GetString(original).ShouldContain("Zarvandi");
        var path = NewFile("gradient.png", original);

        var outcome = await Redactor.RedactAsync(path, "image/png", [new RedactionRegion(1, 5, 4, 10, 6)], CancellationToken.None);

        outcome.Problems.ShouldBeEmpty();
        var file = outcome.File.ShouldNotBeNull();
        file.MediaType.ShouldBe("image/png");
        Encoding.Latin1.GetString(file.Content).ShouldNotContain("Zarvandi");
        using var before = Image.Load<Rgba32>(original);
        using var after = Image.Load<Rgba32>(file.Content);
        (after.Width, after.Height).ShouldBe((40, 30));
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var inside = x is >= 5 and < 15 && y is >= 4 and < 10;
                if (inside)
                {
                    Black(after[x, y]).ShouldBeTrue($"({x}, {y}) is under the box");
                }
                else
                {
                    after[x, y].ShouldBe(before[x, y], $"({x}, {y}) is outside the box");
                }
            }
        }

        File.ReadAllBytes(path).ShouldBe(original);
    }

    [Fact]
    public async Task A_jpeg_with_exif_gps_stays_a_jpeg_with_the_box_black_and_no_metadata_left()
    {
        var original = SyntheticJpeg.WithGps(variant: 3);
        Encoding.Latin1.GetString(original).ShouldContain("SyntheticCam");
        var path = NewFile("photo.jpg", original);

        var outcome = await Redactor.RedactAsync(path, "image/jpeg", [new RedactionRegion(1, 2, 2, 4, 4)], CancellationToken.None);

        var file = outcome.File.ShouldNotBeNull();
        file.MediaType.ShouldBe("image/jpeg");
        var text = Encoding.Latin1.GetString(file.Content);
        text.ShouldNotContain("Exif");
        text.ShouldNotContain("SyntheticCam");
        text.ShouldNotContain("Model T-1");
        text.ShouldNotContain("2021:11:12");
        var info = Image.Identify(file.Content);
        info.Metadata.ExifProfile.ShouldBeNull();
        info.Metadata.XmpProfile.ShouldBeNull();
        info.Metadata.IccProfile.ShouldBeNull();
        info.Metadata.IptcProfile.ShouldBeNull();
        using var before = Image.Load<Rgba32>(original);
        using var after = Image.Load<Rgba32>(file.Content);
        // JPEG is lossy: black under the box within a few levels, the grey around it within a few levels too.
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var inside = x is >= 2 and < 6 && y is >= 2 and < 6;
                var expected = inside ? 0 : before[x, y].R;
                Math.Abs(after[x, y].R - expected).ShouldBeLessThan(inside ? 24 : 40, $"({x}, {y})");
            }
        }

        File.ReadAllBytes(path).ShouldBe(original);
    }

    [Fact]
    public async Task Regions_are_checked_and_each_error_names_its_field()
    {
        var path = NewFile("small.png", GradientPng());

        (await Redactor.RedactAsync(path, "image/png", [], CancellationToken.None)).Problems.ShouldHaveSingleItem().Field.ShouldBe("regions");
        var outcome = await Redactor.RedactAsync(path, "image/png",
            [new RedactionRegion(1, 0, 0, 0, 5), new RedactionRegion(1, 40, 0, 5, 5), new RedactionRegion(1, 30, 25, 20, 10), new RedactionRegion(2, 0, 0, 5, 5), new RedactionRegion(1, -1, 3, 2, 2)],
            CancellationToken.None);

        outcome.File.ShouldBeNull();
        outcome.Problems.Select(p => p.Field).ShouldBe(["regions[3].page", "regions[0].width", "regions[1].x", "regions[2].width", "regions[2].height", "regions[4].x"], ignoreOrder: true);
        outcome.Problems.Single(p => p.Field == "regions[1].x").Message.ShouldContain("40 × 30");
        (await Redactor.RedactAsync(NewFile("note.txt", "hello"u8.ToArray()), "text/plain", [new RedactionRegion(1, 0, 0, 1, 1)], CancellationToken.None))
            .Problems.ShouldHaveSingleItem().Field.ShouldBe("file");
    }

    [Fact]
    public void Regions_are_read_from_the_page_colon_box_notation()
    {
        RedactionRegion.Parse("2:10,20,30,40").ShouldBe(new RedactionRegion(2, 10, 20, 30, 40));
        RedactionRegion.Parse(" 1 : 0, 0, 5, 5 ").ShouldBe(new RedactionRegion(1, 0, 0, 5, 5));
        RedactionRegion.Parse("10,20,30,40").ShouldBe(new RedactionRegion(1, 10, 20, 30, 40));
        RedactionRegion.Parse("1:10,20,30").ShouldBeNull();
        RedactionRegion.Parse("a:1,2,3,4").ShouldBeNull();
        new RedactionRegion(3, 1, 2, 3, 4).ToString().ShouldBe("3:1,2,3,4");
    }

    [Fact]
    public async Task A_tiff_of_several_pages_is_counted_shown_page_by_page_and_redacted_into_an_image_only_pdf()
    {
        var path = NewFile("scan.tif", SyntheticTiff.Pages(30, 20, (250, 0, 0), (0, 250, 0), (0, 0, 250)));

        PagePictures.TiffPageCount(path).ShouldBe(3);
        PagePictures.PageCount(path, "image/tiff").ShouldBe(3);
        var second = await PagePictures.RenderAsync(path, "image/tiff", 2, CancellationToken.None);
        using (var shown = Image.Load<Rgba32>(second.Png.ShouldNotBeNull()))
        {
            shown[10, 10].ShouldBe(new Rgba32(0, 250, 0, 255));
        }

        (await PagePictures.RenderAsync(path, "image/tiff", 4, CancellationToken.None)).Problem.ShouldNotBeNull().ShouldContain("3 page(s)");
        var outcome = await Redactor.RedactAsync(path, "image/tiff", [new RedactionRegion(2, 0, 0, 10, 10)], CancellationToken.None);

        var file = outcome.File.ShouldNotBeNull();
        file.MediaType.ShouldBe("application/pdf");
        using var pdf = PigDocument.Open(file.Content);
        pdf.NumberOfPages.ShouldBe(3);
        pdf.GetPages().ShouldAllBe(p => p.Letters.Count == 0);
    }

    [Fact]
    public async Task A_one_page_tiff_becomes_a_png()
    {
        var path = NewFile("one.tif", SyntheticTiff.Pages(16, 16, (10, 20, 30)));

        var file = (await Redactor.RedactAsync(path, "image/tiff", [new RedactionRegion(1, 4, 4, 4, 4)], CancellationToken.None)).File.ShouldNotBeNull();

        file.MediaType.ShouldBe("image/png");
        using var image = Image.Load<Rgba32>(file.Content);
        Black(image[5, 5]).ShouldBeTrue();
        image[0, 0].ShouldBe(new Rgba32(10, 20, 30, 255));
    }

    [OcrFact]
    public async Task A_redacted_pdf_keeps_its_pages_has_no_text_left_and_is_black_under_the_box()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Witness name: Zarvandi Kelmorat (synthetic)", 14, new PdfPoint(60, 700), font);
        builder.AddPage(PageSize.A4).AddText("Second page, nothing to hide (synthetic).", 14, new PdfPoint(60, 700), font);
        var original = builder.Build();
        var path = NewFile("statement.pdf", original);
        // The box around the words, from their letters (PDF points from the bottom left) to preview pixels (80 dpi from the top left).
        Rect box;
        using (var read = PigDocument.Open(original))
        {
            var page = read.GetPage(1);
            page.Text.ShouldContain("Zarvandi");
            var letters = page.Letters;
            var scale = PdfPreview.Resolution / 72.0;
            var left = letters.Min(l => l.BoundingBox.Left) - 2;
            var right = letters.Max(l => l.BoundingBox.Right) + 2;
            var top = letters.Max(l => l.BoundingBox.Top) + 2;
            var bottom = letters.Min(l => l.BoundingBox.Bottom) - 4;
            box = new Rect((int)(left * scale), (int)((page.Height - top) * scale), (int)Math.Ceiling((right - left) * scale), (int)Math.Ceiling((top - bottom) * scale));
        }

        var outcome = await Redactor.RedactAsync(path, "application/pdf", [new RedactionRegion(1, box.X, box.Y, box.Width, box.Height)], CancellationToken.None);

        outcome.Problems.ShouldBeEmpty();
        var file = outcome.File.ShouldNotBeNull();
        file.MediaType.ShouldBe("application/pdf");
        file.Pages.ShouldBe(2);
        var redacted = NewFile("redacted.pdf", file.Content);
        using (var read = PigDocument.Open(file.Content))
        {
            read.NumberOfPages.ShouldBe(2);
            read.GetPage(1).Letters.ShouldBeEmpty();
            read.GetPage(1).Text.ShouldBeEmpty();
            read.GetPage(2).Letters.ShouldBeEmpty();
            // The page keeps its size (A4, within a point of rounding to whole pixels).
            read.GetPage(1).Width.ShouldBe(595, 1.5);
        }

        (await RenderedDocuments.PdfToTextAsync(redacted)).Trim().ShouldBeEmpty();
        Encoding.Latin1.GetString(file.Content).ShouldNotContain("Zarvandi");
        var shown = await PdfPreview.RenderAsync(redacted, 1, CancellationToken.None);
        using var picture = Image.Load<Rgba32>(shown.Png.ShouldNotBeNull());
        // Read back by rendering again: the edge pixels are smoothed by the renderer's scaling, the inside must be black.
        for (var y = box.Y + 1; y < box.Y + box.Height - 1; y++)
        {
            for (var x = box.X + 1; x < box.X + box.Width - 1; x++)
            {
                picture[x, y].R.ShouldBeLessThan((byte)40, $"({x}, {y}) is under the box");
            }
        }

        // Outside the box the page is still white paper.
        picture[box.X + box.Width + 20, box.Y].R.ShouldBeGreaterThan((byte)240);
        File.ReadAllBytes(path).ShouldBe(original);
    }

    [OcrFact]
    public async Task A_region_on_a_page_the_pdf_does_not_have_is_refused_before_anything_is_rendered()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);
        var path = NewFile("one-page.pdf", builder.Build());

        var outcome = await Redactor.RedactAsync(path, "application/pdf", [new RedactionRegion(2, 0, 0, 10, 10), new RedactionRegion(1, 0, 0, 5000, 10)], CancellationToken.None);

        outcome.File.ShouldBeNull();
        outcome.Problems.ShouldHaveSingleItem().Field.ShouldBe("regions[0].page");
        (await Redactor.RedactAsync(path, "application/pdf", [new RedactionRegion(1, 0, 0, 5000, 10)], CancellationToken.None))
            .Problems.ShouldHaveSingleItem().Field.ShouldBe("regions[0].width");
    }

    [Fact]
    public async Task A_photo_turned_by_its_exif_orientation_is_redacted_as_the_browser_shows_it_upright()
    {
        // Stored 40 wide and 20 high, with orientation 6 ("turn 90° clockwise to view"): shown 20 wide and 40 high.
        using var stored = new Image<Rgba32>(40, 20, new Rgba32(90, 160, 90, 255));
        stored.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        stored.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)6);
        using var bytes = new MemoryStream();
        stored.SaveAsPng(bytes);
        var path = NewFile("turned.png", bytes.ToArray());

        var outcome = await Redactor.RedactAsync(path, "image/png", [new RedactionRegion(1, 0, 30, 20, 10)], CancellationToken.None);

        var file = outcome.File.ShouldNotBeNull(string.Join("; ", outcome.Problems));
        using var upright = Image.Load<Rgba32>(file.Content);
        (upright.Width, upright.Height).ShouldBe((20, 40));
        Black(upright[10, 35]).ShouldBeTrue();
        upright[10, 5].ShouldBe(new Rgba32(90, 160, 90, 255));
        Image.Identify(file.Content).Metadata.ExifProfile.ShouldBeNull();
    }

    [Fact]
    public async Task A_jpeg_turned_by_its_exif_orientation_is_redacted_upright_and_keeps_no_exif()
    {
        // Stored 48 wide and 24 high with orientation 8 ("turn 90° anticlockwise to view"): shown 24 wide and 48 high.
        using var stored = new Image<Rgba32>(48, 24, new Rgba32(200, 200, 200, 255));
        stored.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        stored.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)8);
        stored.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Artist, "Synthetic Photographer");
        using var bytes = new MemoryStream();
        stored.SaveAsJpeg(bytes, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 95 });

        var outcome = await Redactor.RedactAsync(NewFile("turned.jpg", bytes.ToArray()), "image/jpeg", [new RedactionRegion(1, 0, 0, 24, 12)], CancellationToken.None);

        var file = outcome.File.ShouldNotBeNull(string.Join("; ", outcome.Problems));
        file.MediaType.ShouldBe("image/jpeg");
        using var upright = Image.Load<Rgba32>(file.Content);
        (upright.Width, upright.Height).ShouldBe((24, 48));
        (upright[12, 4].R < 30).ShouldBeTrue("the box covers the top of the upright picture");
        (upright[12, 40].R > 170).ShouldBeTrue("below the box the photo is as it was");
        Image.Identify(file.Content).Metadata.ExifProfile.ShouldBeNull();
        System.Text.Encoding.Latin1.GetString(file.Content).ShouldNotContain("Synthetic Photographer");
    }

    [Fact]
    public async Task A_truncated_jpeg_is_refused_rather_than_redacted_half_drawn()
    {
        using var photo = new Image<Rgba32>(64, 64, new Rgba32(10, 120, 200, 255));
        using var bytes = new MemoryStream();
        photo.SaveAsJpeg(bytes);
        var whole = bytes.ToArray();

        var outcome = await Redactor.RedactAsync(NewFile("cut.jpg", whole[..(whole.Length / 2)]), "image/jpeg", [new RedactionRegion(1, 1, 1, 3, 3)], CancellationToken.None);

        outcome.File.ShouldBeNull();
        outcome.Problems.ShouldHaveSingleItem().Message.ShouldContain("cannot be decoded");
        (await Redactor.RedactAsync(NewFile("whole.jpg", whole), "image/jpeg", [new RedactionRegion(1, 1, 1, 3, 3)], CancellationToken.None)).File.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_still_gif_becomes_a_png_and_an_animated_one_is_refused()
    {
        using var still = new Image<Rgba32>(12, 12, new Rgba32(255, 255, 255, 255));
        using var stillBytes = new MemoryStream();
        still.SaveAsGif(stillBytes);
        using var animated = new Image<Rgba32>(12, 12, new Rgba32(255, 255, 255, 255));
        animated.Frames.AddFrame(still.Frames.RootFrame);
        animated.Frames.AddFrame(still.Frames.RootFrame);
        using var animatedBytes = new MemoryStream();
        animated.SaveAsGif(animatedBytes);

        var one = await Redactor.RedactAsync(NewFile("still.gif", stillBytes.ToArray()), "image/gif", [new RedactionRegion(1, 1, 1, 3, 3)], CancellationToken.None);
        var many = await Redactor.RedactAsync(NewFile("moving.gif", animatedBytes.ToArray()), "image/gif", [new RedactionRegion(1, 1, 1, 3, 3)], CancellationToken.None);

        one.File.ShouldNotBeNull().MediaType.ShouldBe("image/png");
        using (var image = Image.Load<Rgba32>(one.File.Content))
        {
            Black(image[2, 2]).ShouldBeTrue();
            image[8, 8].ShouldBe(new Rgba32(255, 255, 255, 255));
        }

        many.Problems.ShouldHaveSingleItem().Message.ShouldContain("animated");
    }

    [Fact]
    public async Task A_pdf_page_too_large_to_turn_into_a_picture_is_refused()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(5000, 5000);
        var path = NewFile("poster.pdf", builder.Build());

        var outcome = await Redactor.RedactAsync(path, "application/pdf", [new RedactionRegion(1, 0, 0, 10, 10)], CancellationToken.None);

        outcome.Problems.ShouldHaveSingleItem().Field.ShouldBe("file");
        outcome.Problems[0].Message.ShouldContain("page 1 is too large");
    }

    private sealed record Rect(int X, int Y, int Width, int Height);
}
