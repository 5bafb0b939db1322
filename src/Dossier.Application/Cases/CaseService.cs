using Dossier.Application.Access;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testimony;
using EngineStatement = Dossier.Testimony.Statement;
using Statement = Dossier.Domain.Records.Statement;

namespace Dossier.Application.Cases;

/// <summary>What one piece of proof is, as the matrix shows it.</summary>
public enum ProofSource
{
    Statement,
    Allegation,
    Claim,
    Position,
    Evidence,
    Record,
}

/// <summary>
/// One piece of proof of one element, with its strength: the independent lines it brings (testimony), the best
/// grade of the sources it rests on (A–F), whether it may be disclosed to prosecutors or a court, and whether it
/// counts at all (a withdrawn or shredded statement does not). <see cref="Automatic"/> marks a post of the accused
/// added because it overlaps the case's period (issue 15 §2).
/// </summary>
public sealed record ProofView(ProofSource Source, string Target, string Label, bool Counts, int Lines, char? Grade, bool Disclosable, bool Automatic, string? Note)
{
    /// <summary>A short account of the strength, in English (the pages say it in the reader's language).</summary>
    public string Strength => !Counts ? "left out (withdrawn, shredded or unreadable)"
        : Source is ProofSource.Statement or ProofSource.Allegation ? $"{Lines} independent line(s){(Disclosable ? string.Empty : "; consent does not allow disclosure")}"
        : Source == ProofSource.Evidence ? "evidence item in the vault"
        : Grade is { } grade ? $"source graded {grade}" : "no graded source";
}

public enum GapKind
{
    /// <summary>Nothing proves the element.</summary>
    NoProof,

    /// <summary>Everything that proves it is one independent line.</summary>
    OneLine,

    /// <summary>Only sources graded D or worse prove it.</summary>
    WeakSources,

    /// <summary>Only statements whose consent does not allow disclosure prove it.</summary>
    NotDisclosable,
}

/// <summary>A gap in a case (issue 15 §3): which element of which charge, what kind, and what would close it.</summary>
public sealed record Gap(string CrimeId, string ModeId, LegalElement Element, GapKind Kind)
{
    public string Name => Kind switch
    {
        GapKind.NoProof => "no-proof",
        GapKind.OneLine => "one-line",
        GapKind.WeakSources => "weak-sources",
        _ => "not-disclosable",
    };

    /// <summary>What would close the gap, in English.</summary>
    public string Close => Kind switch
    {
        GapKind.NoProof => $"find {Element.Kind.ToString().ToLowerInvariant()} proof that {char.ToLowerInvariant(Element.Text[0])}{Element.Text[1..]}",
        GapKind.OneLine => "a second independent line: a witness not of the same intermediary and no near-copy, or a document",
        GapKind.WeakSources => "corroboration from a source graded A-C or an evidence item",
        _ => "the witnesses' consent to share with prosecutors or courts, or other proof",
    };

    public override string ToString() => $"{CrimeId} / {ModeId}: {Element.Id}: {Name}: {Close}";
}

/// <summary>One element of one charge with its proof and its gaps.</summary>
public sealed record ElementView(LegalElement Element, string Part, IReadOnlyList<ProofView> Proof, int Lines, IReadOnlyList<Gap> Gaps);

public sealed record ChargeView(CaseCharge Charge, LegalCrime Crime, LiabilityMode Mode, IReadOnlyList<ElementView> Elements);

/// <summary>A case as analysed for one reader: its charges element by element, the accused's posts in the period, its gaps.</summary>
public sealed record CaseView(CaseFile Case, IReadOnlyList<ChargeView> Charges, IReadOnlyList<Position> Posts)
{
    /// <summary>The testimony analysis the case was counted with (statements, lines, consent), for the reader it was made for.</summary>
    public TestimonyReport? Testimony { get; init; }

    public IReadOnlyList<Gap> Gaps => [.. Charges.SelectMany(c => c.Elements).SelectMany(e => e.Gaps)];
}

/// <summary>
/// Joins a case's charges to the frameworks' elements and to what proves each (issue 15 §2–§3; ADR 1501): the
/// proof the case names, each with its strength, and the posts of the accused over the case's period as proof of
/// the circumstances of liability. Testimony is counted as the testimony pages count it (independent lines, consent,
/// withdrawal), over what the reader may read — so a gap can appear for one reader and not another, as it should.
/// </summary>
public sealed class CaseService(IWorkspaceStore store, TestimonyService testimony, LegalFrameworks frameworks)
{
    /// <summary>Disclosure to these audiences for prosecution makes a statement usable as proof.</summary>
    private static readonly string[] ProsecutionAudiences = ["prosecutors", "courts"];

    public LegalFrameworks Frameworks => frameworks;

    public async Task<IReadOnlyList<CaseFile>> ListAsync(Role? reader, CancellationToken cancellationToken)
    {
        var cases = await store.ListAsync(RecordKind.Case, AccessPolicy.HighestReadable(reader), 0, 10_000, cancellationToken);
        return [.. cases.Where(c => !c.Retracted).Select(c => (CaseFile)c.Record).OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every readable case with its number of gaps, as the lists (CLI, API, page) show them.</summary>
    public async Task<IReadOnlyList<(CaseFile Case, int Gaps)>> SummariesAsync(Role? reader, CancellationToken cancellationToken)
    {
        var summaries = new List<(CaseFile, int)>();
        foreach (var caseFile in await ListAsync(reader, cancellationToken))
        {
            summaries.Add((caseFile, (await AnalyseAsync(caseFile.Id, reader, cancellationToken))?.Gaps.Count ?? 0));
        }

        return summaries;
    }

    /// <param name="ceiling">A classification lower than the reader's to analyse at (a disclosure to someone who may receive less).</param>
    public async Task<CaseView?> AnalyseAsync(string caseId, Role? reader, CancellationToken cancellationToken, Classification? ceiling = null)
    {
        var envelope = await store.GetAsync(caseId, cancellationToken);
        if (envelope is not { Retracted: false, Record: CaseFile caseFile } || !AccessPolicy.CanRead(reader, caseFile.Classification))
        {
            return null;
        }

        var report = await testimony.AnalyseAsync(reader, cancellationToken);
        var limit = AccessPolicy.HighestReadable(reader);
        if (ceiling is { } lower && lower < limit)
        {
            limit = lower;
        }

        var targets = caseFile.Proof.Where(p => p.RecordId is not null).Select(p => p.RecordId!).ToHashSet(StringComparer.Ordinal);
        var records = (await store.GetManyAsync(targets, cancellationToken))
            .Where(r => !r.Value.Retracted && r.Value.Record.Classification <= limit)
            .ToDictionary(r => r.Key, r => r.Value.Record, StringComparer.Ordinal);
        var posts = await PostsAsync(caseFile, limit, cancellationToken);
        var sourceIds = records.Values.SelectMany(SourcesOf).Concat(posts.SelectMany(p => p.Sources)).ToHashSet(StringComparer.Ordinal);
        var sources = (await store.GetManyAsync(sourceIds, cancellationToken)).Values.Select(e => e.Record).OfType<Source>().ToDictionary(s => s.Id, StringComparer.Ordinal);

        var charges = new List<ChargeView>();
        foreach (var charge in caseFile.Charges)
        {
            var crime = frameworks.Crime(charge.CrimeId);
            var mode = frameworks.Mode(charge.ModeId);
            if (crime is null || mode is null)
            {
                continue; // the door refuses such a charge; a framework removed since is shown as missing by the page
            }

            var elements = crime.ContextElements.Select(e => (e, "context"))
                .Concat(crime.Elements.Select(e => (e, "crime")))
                .Concat(mode.Elements.Select(e => (e, "liability")))
                .Select(pair =>
                {
                    var proof = caseFile.Proof.Where(p => p.ElementId == pair.e.Id)
                        .Select(p => View(p, records, sources, report))
                        .Where(p => p is not null).Select(p => p!).ToList();
                    if (pair.Item2 == "liability" && pair.e.Kind == ProofKind.Circumstance)
                    {
                        proof.AddRange(posts.Select(post => new ProofView(ProofSource.Position, post.Id, post.Label, true, 0, BestGrade(post.Sources, sources), true, true, null)));
                    }

                    var lines = Lines(pair.e.Id, proof, records, report);
                    return new ElementView(pair.e, pair.Item2, proof, lines, GapsOf(charge, pair.e, proof, lines));
                }).ToList();
            charges.Add(new ChargeView(charge, crime, mode, elements));
        }

        return new CaseView(caseFile, charges, posts) { Testimony = report };
    }

    // The accused's posts that overlap the case's period (all of them when the case gives none).
    private async Task<List<Position>> PostsAsync(CaseFile caseFile, Classification ceiling, CancellationToken cancellationToken)
    {
        var posts = new List<Position>();
        foreach (var accused in caseFile.AccusedIds)
        {
            foreach (var envelope in await store.ReferencingAsync(accused, RecordKind.Position, cancellationToken))
            {
                if (!envelope.Retracted && envelope.Record is Position { } post && post.PersonId == accused && post.Classification <= ceiling && Overlaps(post, caseFile.Period))
                {
                    posts.Add(post);
                }
            }
        }

        return [.. posts.OrderBy(p => p.From).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }

    private static bool Overlaps(Position post, FuzzyDate? period) =>
        period is not { } p || ((post.From is not { } from || from.Earliest <= p.Latest) && (post.To is not { } to || to.Latest >= p.Earliest));

    private static IEnumerable<string> SourcesOf(Record record) => record is Claim claim ? [claim.SourceId, .. claim.Sources] : record.Sources;

    private static char? BestGrade(IEnumerable<string> sourceIds, Dictionary<string, Source> sources)
    {
        var grades = sourceIds.Where(sources.ContainsKey).Select(id => sources[id].Reliability.ToString()[0]).ToList();
        return grades.Count == 0 ? null : grades.Min();
    }

    private static ProofView? View(ElementProof proof, Dictionary<string, Record> records, Dictionary<string, Source> sources, TestimonyReport report)
    {
        if (proof.Evidence is { } hash)
        {
            return new ProofView(ProofSource.Evidence, hash.ToLowerInvariant(), hash.ToLowerInvariant()[..12] + "…", true, 0, null, true, false, proof.Note);
        }

        if (!records.TryGetValue(proof.RecordId!, out var record))
        {
            return null; // not readable by this reader: it neither proves nor shows
        }

        switch (record)
        {
            case Statement statement:
                var view = report.Statement(statement.Id);
                var counts = view is { Counted: true };
                return new ProofView(ProofSource.Statement, statement.Id, statement.Label, counts, counts ? 1 : 0, null, counts && Disclosable(view!.Interview), false, proof.Note);
            case Allegation allegation:
                var lines = report.For(allegation.Id);
                var supporting = lines?.Supporting.Statements.Select(report.Statement).Where(s => s is not null).ToList() ?? [];
                return new ProofView(ProofSource.Allegation, allegation.Id, allegation.Text, supporting.Count > 0, lines?.Supporting.Lines.Count ?? 0, null,
                    supporting.Any(s => Disclosable(s!.Interview)), false, proof.Note);
            case Claim claim:
                return new ProofView(ProofSource.Claim, claim.Id, claim.Statement, true, 0, BestGrade(SourcesOf(claim), sources), true, false, proof.Note);
            case Position position:
                return new ProofView(ProofSource.Position, position.Id, position.Label, true, 0, BestGrade(position.Sources, sources), true, false, proof.Note);
            default:
                return new ProofView(ProofSource.Record, record.Id, record.Label, true, 0, BestGrade(record.Sources, sources), true, false, proof.Note);
        }
    }

    private static bool Disclosable(Interview interview) =>
        ProsecutionAudiences.Any(audience => interview.Consent.Covers(audience, "prosecution"));

    // Independent lines of an element: its statements (and the statements behind its allegations) counted as the
    // testimony engine counts one allegation's lines, plus one line per other source, evidence item or post.
    private static int Lines(string elementId, List<ProofView> proof, Dictionary<string, Record> records, TestimonyReport report)
    {
        var statementIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in proof.Where(p => p.Counts))
        {
            if (item.Source == ProofSource.Statement)
            {
                statementIds.Add(item.Target);
            }
            else if (item.Source == ProofSource.Allegation && report.For(item.Target) is { } allegation)
            {
                statementIds.UnionWith(allegation.Supporting.Statements);
            }
        }

        var rows = statementIds.Select(report.Statement).Where(s => s is { Counted: true }).Select(s => new EngineStatement(
            s!.Id, s.WitnessId, elementId, Dossier.Testimony.Stance.Supports,
            s.Interview.InterviewerId ?? s.Interview.Interviewer ?? string.Empty,
            s.Interview.IntermediaryId ?? s.Interview.Intermediary ?? string.Empty,
            s.Interview.OrganizationId ?? string.Empty, s.Record.Language ?? string.Empty, s.Text ?? string.Empty)).ToList();
        var testimonyLines = rows.Count == 0 ? 0 : IndependentLines.Count(rows, report.NearCopies)[0].Lines.Count;
        var documentary = proof.Where(p => p.Counts && p.Source is not (ProofSource.Statement or ProofSource.Allegation))
            .Select(p => p.Source == ProofSource.Claim && records.TryGetValue(p.Target, out var r) && r is Claim c ? "source:" + c.SourceId : p.Target)
            .Distinct(StringComparer.Ordinal).Count();
        return testimonyLines + documentary;
    }

    private static List<Gap> GapsOf(CaseCharge charge, LegalElement element, List<ProofView> proof, int lines)
    {
        var gaps = new List<Gap>();
        var counting = proof.Where(p => p.Counts).ToList();
        if (counting.Count == 0)
        {
            gaps.Add(new Gap(charge.CrimeId, charge.ModeId, element, GapKind.NoProof));
            return gaps;
        }

        if (lines <= 1)
        {
            gaps.Add(new Gap(charge.CrimeId, charge.ModeId, element, GapKind.OneLine));
        }

        var graded = counting.Where(p => p.Source is ProofSource.Claim or ProofSource.Position or ProofSource.Record).ToList();
        if (graded.Count == counting.Count && graded.All(p => p.Grade is null or >= 'D'))
        {
            gaps.Add(new Gap(charge.CrimeId, charge.ModeId, element, GapKind.WeakSources));
        }

        var testimony = counting.Where(p => p.Source is ProofSource.Statement or ProofSource.Allegation).ToList();
        if (testimony.Count == counting.Count && testimony.All(p => !p.Disclosable))
        {
            gaps.Add(new Gap(charge.CrimeId, charge.ModeId, element, GapKind.NotDisclosable));
        }

        return gaps;
    }
}
