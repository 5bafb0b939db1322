using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Checkpoints;

namespace Dossier.Web.Reports;

/// <summary>What to disclose, to whom, under what authority (issue 15 §6).</summary>
/// <param name="Audience">The consent audience the recipient belongs to (prosecutors, courts, un-mechanisms…): a witness's words go only where their consent reaches.</param>
/// <param name="Ceiling">The highest classification the recipient may receive.</param>
public sealed record DisclosureRequest(string CaseId, string Recipient, string Authority, string Reason, string Audience, Classification Ceiling, long? Checkpoint);

/// <summary>One exhibit in a disclosure: new to this recipient, or disclosed to them before (when).</summary>
public sealed record DisclosedItem(string Hash, string Label, string OriginalName, bool New, string? DisclosedBefore);

/// <summary>A disclosure made: its package's members, what is new, and the custody entry that records it.</summary>
public sealed record Disclosure(byte[] Package, string ReportSha256, IReadOnlyList<DisclosedItem> Items, bool ReportChanged, long? CustodyEntry, int Withheld, long CheckpointSize, long BundleCheckpointSize);

/// <summary>
/// A disclosure package (ADR 1502): the case report made for the recipient (their classification, their consent
/// audience), and a court bundle of the exhibits the report cites, recorded first as one custody <c>disclose</c>
/// event naming the recipient, the authority and the report's SHA-256 — so the bundle, written at a checkpoint after
/// that event with a consistency proof from the report's checkpoint, proves the files, their custody and the
/// disclosure itself. A second disclosure to the same recipient marks what is new.
/// </summary>
public sealed class CaseDisclosure(IWorkspaceStore store, CaseService cases, TimeProvider time)
{
    public const string BundleMember = "bundle.zip";
    public const string ReportMember = "report.html";
    public const string SummaryMember = "disclosure.json";
    public const string ReadmeMember = "README.txt";

    public async Task<(Disclosure? Disclosure, string? Error)> DiscloseAsync(DisclosureRequest request, Principal by, NoteSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(signer);
        if (string.IsNullOrWhiteSpace(request.Recipient) || string.IsNullOrWhiteSpace(request.Authority) || string.IsNullOrWhiteSpace(request.Reason))
        {
            return (null, "a disclosure names its recipient (--to), the authority it is made under (--authority) and a reason (--reason)");
        }

        if (!Consent.Audiences.Contains(request.Audience, StringComparer.Ordinal))
        {
            return (null, $"--audience '{request.Audience}' is not one of {string.Join(", ", Consent.Audiences)}");
        }

        if (!AccessPolicy.Can(by.Role, Operation.Export) || !AccessPolicy.Can(by.Role, Operation.AddEvidence))
        {
            await new AuditTrail(store, time).DeniedAsync(by, "Disclose", request.CaseId, cancellationToken);
            return (null, $"disclosing is refused for the role {AccessPolicy.Name(by.Role)}: it needs exporting and recording custody (docs/access-control.md)");
        }

        // The report's proofs lead to a kept checkpoint; a workspace that keeps none gets one now.
        if (request.Checkpoint is null && (await store.ReadCheckpointsAsync(cancellationToken)).Count == 0)
        {
            await new CheckpointService(store, signer).CheckpointAsync(cancellationToken);
        }

        var scope = new ReportScope(request.Ceiling, request.Audience);
        var made = await new CaseReports(store, cases, time).MakeAsync(request.CaseId, by, scope, request.Checkpoint, ReportFormat.Html,
            $"disclosure to {request.Recipient.Trim()}", cancellationToken);
        if (made.Content is not { } reportBytes || made.Report is not { } report)
        {
            return (null, made.Error);
        }

        var reportHash = Convert.ToHexStringLower(SHA256.HashData(reportBytes));
        var recipient = request.Recipient.Trim();
        var proved = report.Exhibits.Where(e => e.UnderCheckpoint).ToList();
        var items = new List<DisclosedItem>();
        string? previousReport = null;
        foreach (var exhibit in proved)
        {
            var before = (await store.Evidence.CustodyAsync(exhibit.Item.Hash, cancellationToken)).Select(CustodyEvent.From)
                .Where(e => e.Action == "disclose" && string.Equals(e.Details?.To?.Trim(), recipient, StringComparison.OrdinalIgnoreCase)).ToList();
            previousReport ??= before.Select(e => ReportHashIn(e.Details?.Note)).LastOrDefault(h => h is not null);
            items.Add(new DisclosedItem(exhibit.Item.Hash, exhibit.Label, exhibit.Item.OriginalName, before.Count == 0, before.Count == 0 ? null : before[^1].Details?.At));
        }

        var evidence = EvidenceService.For(store, time);
        long? custodyEntry = null;
        long bundleSize = report.Checkpoint?.Size ?? 0;
        byte[]? bundle = null;
        if (items.Count > 0)
        {
            var recorded = await evidence.RecordCustodyAsync(new CustodyRequest
            {
                Action = CustodyAction.Disclose,
                Items = [.. items.Select(i => i.Hash)],
                To = recipient,
                Authority = request.Authority.Trim(),
                Note = $"case {report.Case.Id}: report sha256 {reportHash}",
            }, by, request.Reason, cancellationToken);
            if (recorded.Status != EvidenceStatus.Recorded)
            {
                return (null, string.Join("; ", recorded.Errors.Select(e => e.ToString())));
            }

            custodyEntry = recorded.Entry;
            var temporary = Path.Combine(Path.GetTempPath(), $"dossier-disclosure-{Guid.NewGuid():N}.zip");
            try
            {
                var (export, errors) = await evidence.ExportBundleAsync([.. items.Select(i => i.Hash)], signer, report.Checkpoint?.SignedNote, temporary, by, cancellationToken,
                    $"disclosure of {report.Case.Id} to {recipient}");
                if (export is null)
                {
                    return (null, "the disclosure is recorded, but its bundle could not be written: " + string.Join("; ", errors.Select(e => e.ToString())));
                }

                bundleSize = export.CheckpointSize;
                bundle = await File.ReadAllBytesAsync(temporary, cancellationToken);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        var withheld = report.Witnesses.SelectMany(w => w.Statements).Count(s => s.Withheld is not null) + report.Exhibits.Count(e => !e.UnderCheckpoint);
        var summary = Summary(request, report, reportHash, items, previousReport, custodyEntry, withheld, bundleSize);
        var package = Package(reportBytes, bundle, summary, Readme(report, recipient, bundle is not null));
        return (new Disclosure(package, reportHash, items, previousReport is not null && previousReport != reportHash, custodyEntry, withheld, report.Checkpoint?.Size ?? 0, bundleSize), null);
    }

    private static string? ReportHashIn(string? note)
    {
        const string Marker = "report sha256 ";
        var at = note?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return at < 0 || note!.Length < at + Marker.Length + 64 ? null : note.Substring(at + Marker.Length, 64);
    }

    private static byte[] Summary(DisclosureRequest request, CaseReport report, string reportHash, List<DisclosedItem> items, string? previousReport, long? custodyEntry, int withheld, long bundleSize)
    {
        var json = new JsonObject
        {
            ["format"] = "dossier-disclosure/1",
            ["case"] = report.Case.Id,
            ["title"] = report.Case.Title,
            ["synthetic"] = report.Case.Synthetic,
            ["recipient"] = request.Recipient.Trim(),
            ["authority"] = request.Authority.Trim(),
            ["reason"] = request.Reason.Trim(),
            ["audience"] = request.Audience,
            ["classificationCeiling"] = Classifications.Name(request.Ceiling),
            ["report"] = new JsonObject { ["member"] = ReportMember, ["sha256"] = reportHash, ["checkpointSize"] = report.Checkpoint?.Size, ["changedSincePreviousDisclosure"] = previousReport is null ? null : previousReport != reportHash },
            ["bundle"] = items.Count == 0 ? null : new JsonObject { ["member"] = BundleMember, ["checkpointSize"] = bundleSize, ["disclosureEntry"] = custodyEntry },
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["exhibit"] = i.Label,
                ["hash"] = i.Hash,
                ["originalName"] = i.OriginalName,
                ["new"] = i.New,
                ["disclosedBefore"] = i.DisclosedBefore,
            })]),
            ["withheld"] = withheld,
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    private static byte[] Readme(CaseReport report, string recipient, bool withBundle) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"""
        Disclosure of case {report.Case.Id} to {recipient}{(report.Case.Synthetic ? " (SYNTHETIC demo case)" : string.Empty)}.

        {ReportMember}: the prosecutor's dossier as this recipient may receive it (classification and witnesses' consent applied).
        {SummaryMember}: who, under what authority, which exhibits, which are new since an earlier disclosure to the same recipient.
        {(withBundle ? $"{BundleMember}: a court bundle of the exhibits (docs/formats/bundle.md). Check it with `dossier verify {BundleMember} --key KEY`," : "(no exhibit could be proved, so there is no bundle)")}
        {(withBundle ? "  KEY being the workspace's public key, obtained separately. Its custody entries include this disclosure, which names" : string.Empty)}
        {(withBundle ? $"  the SHA-256 of {ReportMember}; its old checkpoint is the one the report's inclusion proofs lead to." : string.Empty)}

        """));

    // Members in a fixed order with a fixed time, so the package's layout says nothing about when it was made.
    private static byte[] Package(byte[] report, byte[]? bundle, byte[] summary, byte[] readme)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] content)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(content);
            }

            Add(ReadmeMember, readme);
            Add(SummaryMember, summary);
            Add(ReportMember, report);
            if (bundle is not null)
            {
                Add(BundleMember, bundle);
            }
        }

        return memory.ToArray();
    }
}
