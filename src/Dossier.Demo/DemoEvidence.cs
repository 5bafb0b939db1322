using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Workspace;

namespace Dossier.Demo;

/// <summary>
/// Two SYNTHETIC exhibits for the demo's cases (an invented letter and an invented sketch, demo/evidence/), taken
/// into the vault as `evidence add` takes a file and linked to records the Noury case cites, so its report has
/// exhibits with hashes, custody and inclusion proofs. They say inside, in both scripts, that they are invented.
/// </summary>
internal static class DemoEvidence
{
    private static readonly (string File, string Target, string Note)[] Exhibits =
    [
        ("syn-family-letter.txt", "gohardasht-executions-1988", "SYNTHETIC: an invented letter to a family, written for the demo"),
        ("syn-corridor-plan.svg", "al-syn-corridor", "SYNTHETIC: an invented sketch of a corridor, drawn for the demo"),
    ];

    public static async Task<IReadOnlyList<string>> AddAsync(IWorkspaceStore store, TimeProvider time, Principal builder, CancellationToken cancellationToken)
    {
        var evidence = EvidenceService.For(store, time);
        var links = new EvidenceLinkService(store, time);
        var problems = new List<string>();
        foreach (var (file, target, note) in Exhibits)
        {
            await using var content = typeof(DemoEvidence).Assembly.GetManifestResourceStream($"Dossier.Demo.evidence.{file}")
                ?? throw new InvalidOperationException($"The demo exhibit {file} is missing from this build.");
            var request = new AcquisitionRequest
            {
                Collector = builder.Name,
                // A fixed time, so every demo holds the same entries.
                CollectedAt = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
                Zone = "Europe/Stockholm",
                Method = "generated for the demo (SYNTHETIC)",
                Tool = "dossier demo",
                ToolVersion = "1",
                Note = note,
            };
            var added = await evidence.AddAsync(content, file, request, builder, "SYNTHETIC demo exhibit", cancellationToken);
            if (added.Item is null)
            {
                problems.AddRange(added.Errors.Select(e => $"{file}: {e}"));
                continue;
            }

            var (_, errors) = await links.LinkAsync(new EvidenceLinkRequest(added.Item.Hash, target, "supports"), builder, "SYNTHETIC demo exhibit bears on the case", cancellationToken);
            problems.AddRange(errors.Select(e => $"{file}: {e}"));
        }

        return problems;
    }
}
