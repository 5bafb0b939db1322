using Dossier.Testing;

namespace Dossier.Documents.Tests;

/// <summary>The page rendered once per test class by Chromium: a PDF with a text layer and a PNG "scan".</summary>
public sealed class RenderedFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dossier-documents-tests-");

    public string Pdf => Path.Combine(_folder.FullName, "noury.pdf");

    public string Png => Path.Combine(_folder.FullName, "noury.png");

    public string Folder => _folder.FullName;

    public async Task InitializeAsync()
    {
        if (!ChromiumBrowser.IsAvailable)
        {
            return; // the tests that need these files skip (or fail under CI) on their own attribute
        }

        await RenderedDocuments.PrintToPdfAsync(RenderedDocuments.NouryPage, Pdf);
        await RenderedDocuments.ScreenshotAsync(RenderedDocuments.NouryPage, Png);
    }

    public Task DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
