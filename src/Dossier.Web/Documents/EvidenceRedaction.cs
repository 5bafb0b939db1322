using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;
using Dossier.Documents;
using Dossier.Domain.Records;

namespace Dossier.Web.Documents;

/// <summary>
/// A redaction, the same for the page (<c>/evidence/HASH/redact</c>), the API (<c>POST /api/v1/evidence/HASH/redactions</c>)
/// and the CLI (<c>dossier evidence redact</c>): <see cref="Redactor"/> burns the boxes into a copy of the stored original,
/// and <see cref="EvidenceService.RedactAsync"/> checks the role and records the copy and the <c>redact</c> custody event in
/// one append (ADR 1814). A PDF without <c>pdftoppm</c> throws <see cref="ToolMissingException"/> and nothing is stored.
/// </summary>
public static class EvidenceRedaction
{
    public static Task<EvidenceResult> RedactAsync(
        EvidenceService service, string hash, IReadOnlyList<RedactionRegion> regions, Classification? classification, Principal by, string? reason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(regions);
        return service.RedactAsync(hash, classification, async (stored, token) =>
        {
            var outcome = await Redactor.RedactAsync(stored.VaultPath, stored.MediaType, regions, token);
            if (outcome.File is not { } file)
            {
                return RedactionOutput.Invalid([.. outcome.Problems.Select(p => new ValidationError(stored.Hash, p.Field, p.Message))]);
            }

            var pages = string.Join(", ", regions.Select(r => r.Page).Distinct().Order().Select(p => p.ToString(CultureInfo.InvariantCulture)));
            var note = string.Create(CultureInfo.InvariantCulture,
                $"{regions.Count} region(s) blacked out on page(s) {pages}; {(file.MediaType == "application/pdf" ? $"an image-only PDF of {file.Pages} page(s) at {Redactor.PdfResolution} dpi" : file.MediaType)}, all metadata removed; boxes {Boxes(regions)}");
            return new RedactionOutput(file.Content, Path.GetFileNameWithoutExtension(stored.OriginalName) + ".redacted" + file.Extension,
                Redactor.Tool, Redactor.Version, Redactor.ToolName(regions.Count), note, []);
        }, by, reason, cancellationToken);
    }

    /// <summary>
    /// The boxes as <c>PAGE:X,Y,W,H</c>, so that the redaction can be repeated on the original and checked; cut short
    /// (with how many more) to stay within a note's length.
    /// </summary>
    internal static string Boxes(IReadOnlyList<RedactionRegion> regions)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < regions.Count; i++)
        {
            var box = regions[i].ToString();
            if (text.Length + box.Length > 1500)
            {
                return text.Append(CultureInfo.InvariantCulture, $" … ({regions.Count - i} more)").ToString();
            }

            text.Append(i == 0 ? string.Empty : " ").Append(box);
        }

        return text.ToString();
    }

    /// <summary>
    /// Regions written one a line as <c>PAGE:X,Y,WIDTH,HEIGHT</c> (the form's box; <c>X,Y,WIDTH,HEIGHT</c> alone is page 1),
    /// or the error naming the first line that is not.
    /// </summary>
    public static IReadOnlyList<RedactionRegion>? ParseLines(string? text, out string? error)
    {
        error = null;
        var regions = new List<RedactionRegion>();
        var lines = (text ?? string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (RedactionRegion.Parse(line) is not { } region)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"line {i + 1}");
                return null;
            }

            regions.Add(region);
        }

        return regions;
    }
}
