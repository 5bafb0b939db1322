using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Bundles;
using Dossier.Ledger.Merkle;

namespace Dossier.Cli.Commands;

/// <summary>
/// Evidence files in the workspace vault (content-addressed under blobs/), their acquisition recorded in
/// the ledger with the Berkeley Protocol facts, and court bundles a third party verifies offline.
/// </summary>
internal static class EvidenceCommands
{
    public const string AcquiredType = "evidence.acquired";

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
        [".pdf"] = "application/pdf", [".txt"] = "text/plain", [".csv"] = "text/csv", [".json"] = "application/json", [".html"] = "text/html",
        [".mp4"] = "video/mp4", [".mov"] = "video/quicktime", [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".zip"] = "application/zip",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    public static Command Evidence()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "The files to take into the vault. They are read, never altered.", Arity = ArgumentArity.OneOrMore };
        var collector = new Option<string>("--collector") { Description = "Who collected the files.", Required = true };
        var collectedAt = new Option<string>("--collected-at") { Description = "When they were collected, with its offset (ISO 8601, e.g. 2021-11-12T14:05:00+01:00).", Required = true };
        var zone = new Option<string>("--zone") { Description = "The collector's time zone (IANA name, e.g. Europe/Tirane).", DefaultValueFactory = _ => TimeZoneInfo.Local.Id };
        var sourceUrl = new Option<string?>("--source-url") { Description = "Where the file was found online." };
        var location = new Option<string?>("--location") { Description = "Where it was collected, if not online." };
        var method = new Option<string>("--method") { Description = "How it was collected (e.g. \"handed over on USB by the witness\", \"web capture\").", Required = true };
        var tool = new Option<string>("--tool") { Description = "The tool used to collect it.", DefaultValueFactory = _ => "dossier evidence add" };
        var toolVersion = new Option<string>("--tool-version") { Description = "The tool's version.", DefaultValueFactory = _ => typeof(EvidenceCommands).Assembly.GetName().Version?.ToString() ?? "0" };
        var note = new Option<string?>("--note") { Description = "Anything else a court should know about the acquisition." };
        var add = new Command("add", "Store files in the vault (SHA-256, fsync, atomic rename; a duplicate is recognised) and record each acquisition in the ledger.")
        {
            files, collector, collectedAt, zone, sourceUrl, location, method, tool, toolVersion, note,
        };
        add.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            if (!DateTimeOffset.TryParse(result.GetValue(collectedAt), CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
            {
                Console.Error.WriteLine("error: --collected-at: not a date and time such as 2021-11-12T14:05:00+01:00");
                return ExitCodes.Usage;
            }

            var missing = result.GetValue(files)!.Where(f => !f.Exists).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"error: no such file: {string.Join(", ", missing.Select(f => f.FullName))}; nothing was added");
                return ExitCodes.Failed;
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            var vault = new BlobStore(workspace);
            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            var known = await AcquisitionsAsync(store, cancellationToken);
            foreach (var file in result.GetValue(files)!)
            {
                BlobInfo blob;
                await using (var stream = file.OpenRead())
                {
                    blob = await vault.PutAsync(stream, cancellationToken);
                }

                if (known.TryGetValue(blob.Hash, out var earlier))
                {
                    Console.WriteLine($"{blob.Hash}  {file.Name}: already in the vault (acquired in entry #{earlier.Sequence}); not recorded again");
                    continue;
                }

                var item = new BundleItem
                {
                    Hash = blob.Hash,
                    Size = blob.Size,
                    MediaType = MediaTypes.GetValueOrDefault(file.Extension, "application/octet-stream"),
                    OriginalName = file.Name,
                    Acquisition = new Acquisition
                    {
                        Collector = result.GetValue(collector)!,
                        CollectedAtUtc = when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                        CollectedAtZone = result.GetValue(zone)!,
                        SourceUrl = result.GetValue(sourceUrl),
                        Location = result.GetValue(location),
                        Method = result.GetValue(method)!,
                        Tool = result.GetValue(tool)!,
                        ToolVersion = result.GetValue(toolVersion)!,
                        Note = result.GetValue(note),
                    },
                    AcquisitionEntry = -1,
                    Custody = [],
                };
                var body = JsonSerializer.SerializeToElement(new { item.Hash, item.Size, item.MediaType, item.OriginalName, item.Acquisition }, BodyJson);
                var appended = await store.AppendAsync(
                    [new NewEntry(AcquiredType, 1, CliOptions.ActorOf(result), TimeProvider.System.GetUtcNow(), $"acquisition of {file.Name}", body)], cancellationToken);
                known[blob.Hash] = (appended[0].Sequence, item with { AcquisitionEntry = appended[0].Sequence, Custody = [appended[0].Sequence] });
                Console.WriteLine($"{blob.Hash}  {file.Name}: acquired, entry #{appended[0].Sequence}");
            }

            return ExitCodes.Ok;
        });
        return new Command("evidence", "Evidence files and their chain of custody.") { add };
    }

    public static Command ExportBundle()
    {
        var items = new Option<string[]>("--items") { Description = "SHA-256 hashes of the evidence items to include.", Required = true, AllowMultipleArgumentsPerToken = true };
        var since = new Option<FileInfo?>("--since") { Description = "An earlier signed checkpoint: include the consistency proof from it to today's ledger." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The bundle to write (.zip).", Required = true };
        var command = new Command("bundle", "Write a court bundle: the files, their acquisition and custody entries with inclusion proofs to one signed checkpoint, and the verifier key (docs/formats/bundle.md).")
        {
            items, since, output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliOptions.WorkspaceExists(result))
            {
                return CliOptions.NoWorkspace(result);
            }

            var workspace = result.GetValue(CliOptions.Workspace)!.FullName;
            if (!WorkspaceKey.Exists(workspace))
            {
                Console.Error.WriteLine("error: this workspace has no checkpoint key: run `dossier init` first");
                return ExitCodes.Failed;
            }

            await using var store = await CliOptions.OpenStoreAsync(result, cancellationToken);
            using var signer = WorkspaceKey.Load(workspace);
            var known = await AcquisitionsAsync(store, cancellationToken);
            var unknown = result.GetValue(items)!.Where(h => !known.ContainsKey(h)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"error: --items: not in this workspace's vault: {string.Join(", ", unknown)}; nothing was written");
                return ExitCodes.Failed;
            }

            string? oldNote = null;
            long oldSize = 0;
            if (result.GetValue(since) is { } old)
            {
                oldNote = old.Exists ? await File.ReadAllTextAsync(old.FullName, cancellationToken) : null;
                var check = oldNote is null ? default : signer.Verifier.Verify(oldNote);
                if (!check.IsValid || !Dossier.Ledger.Checkpoints.Checkpoint.TryParse(check.Text!, out var parsed, out _) || parsed.Size == 0)
                {
                    Console.Error.WriteLine($"error: --since {old.Name}: " + (oldNote is null ? "no such file"
                        : !check.IsValid ? "its signature does not verify with this workspace's key"
                        : "it is not a checkpoint of a non-empty ledger (a proof from an empty tree proves nothing)") + "; nothing was written");
                    return ExitCodes.Failed;
                }

                oldSize = parsed.Size;
            }

            var checkpoints = new CheckpointService(store, signer);
            var note = await checkpoints.CheckpointAsync(cancellationToken);
            var size = (await store.GetTreeHeadAsync(cancellationToken)).Size;
            var writer = new BundleWriter(note, signer.Verifier.ToString());
            var vault = new BlobStore(workspace);
            var bytesOf = new Dictionary<long, byte[]>();
            await foreach (var stored in store.ReadEntriesAsync(cancellationToken))
            {
                bytesOf[stored.Sequence] = stored.Bytes;
            }

            var source = store.OpenSubtreeHashes();
            try
            {
                foreach (var hash in result.GetValue(items)!.Distinct(StringComparer.Ordinal))
                {
                    var (sequence, item) = known[hash];
                    writer.AddEntry(sequence, bytesOf[sequence], MerkleProofs.Inclusion(source, sequence, size));
                    writer.AddItem(item, () => vault.OpenRead(hash));
                }

                if (oldNote is not null && oldSize < size)
                {
                    writer.SetConsistency(oldNote, MerkleProofs.Consistency(source, oldSize, size));
                }
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }

            await writer.WriteToFileAsync(result.GetValue(output)!.FullName, TimeProvider.System, cancellationToken);
            Console.WriteLine($"Wrote {result.GetValue(output)!.FullName}: {known.Count(k => result.GetValue(items)!.Contains(k.Key))} item(s), checkpoint at {size} entries. Verify anywhere with `dossier verify {result.GetValue(output)!.Name}`.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Checks a court bundle offline: no workspace, no database, only the bundle (and optionally the key to trust).</summary>
    public static async Task<int> VerifyBundleAsync(FileInfo bundle, string? trustedKey, CancellationToken cancellationToken)
    {
        await using var stream = bundle.OpenRead();
        var report = BundleVerifier.Verify(stream, trustedKey);
        await Console.Out.WriteLineAsync(report.ToString());
        return report.IsVerified ? ExitCodes.Ok : ExitCodes.Failed;
    }

    // The acquisition of every item, by hash. A scan of the ledger: evidence projections come with the custody slice.
    private static async Task<Dictionary<string, (long Sequence, BundleItem Item)>> AcquisitionsAsync(IWorkspaceStore store, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (long, BundleItem)>(StringComparer.Ordinal);
        await foreach (var stored in store.ReadEntriesAsync(cancellationToken))
        {
            var entry = LedgerEntry.FromBytes(stored.Bytes);
            if (entry.Type != AcquiredType)
            {
                continue;
            }

            var body = entry.Body;
            var item = new BundleItem
            {
                Hash = body.GetProperty("hash").GetString()!,
                Size = body.GetProperty("size").GetInt64(),
                MediaType = body.GetProperty("mediaType").GetString()!,
                OriginalName = body.GetProperty("originalName").GetString()!,
                Acquisition = body.GetProperty("acquisition").Deserialize<Acquisition>(BodyJson)!,
                AcquisitionEntry = entry.Sequence,
                Custody = [entry.Sequence],
            };
            found.TryAdd(item.Hash, (entry.Sequence, item));
        }

        return found;
    }
}
