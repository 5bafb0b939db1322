using System.Globalization;
using System.Text;
using Dossier.Linkage.Fields;
using Dossier.Linkage.Input;

namespace Dossier.Linkage;

/// <summary>
/// Files in, files out, around the pure engine: reads and validates CSV, runs linkage or
/// deduplication, writes results atomically (a temporary file renamed into place, so a failed run
/// leaves nothing behind), explains pairs by id, and formats the summary. The CLI is a thin layer on this.
/// </summary>
public static class LinkageRunner
{
    /// <summary>Links two CSV files; writes <c>left_id,right_id,probability</c> rows at or above the threshold when <paramref name="outputPath"/> is set.</summary>
    public static LinkageResult Link(string leftPath, string rightPath, string idColumn, string? outputPath,
        IReadOnlyList<FieldSpec>? fields = null, LinkageOptions? options = null, IProgress<LinkageProgress>? progress = null)
    {
        options ??= new LinkageOptions();
        CheckOutput(outputPath, leftPath, rightPath);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        progress?.Report(new LinkageProgress("reading", 0));
        var left = CsvTable.Read(leftPath);
        var right = CsvTable.Read(rightPath);
        var reading = clock.Elapsed;
        progress?.Report(new LinkageProgress("encoding", 0));
        var records = RecordSet.ForLink(left, right, idColumn, fields);
        var encoding = clock.Elapsed - reading;
        var result = LinkageEngine.Run(records, options, progress);
        result.Summary = result.Summary with { Timings = [("reading", reading), ("encoding", encoding), .. result.Summary.Timings] };
        if (outputPath is not null)
        {
            progress?.Report(new LinkageProgress("writing", 0));
            WriteAtomically(outputPath, writer => WritePairs(result, writer, options.Threshold, options.OneToOne));
        }

        return result;
    }

    /// <summary>Deduplicates one CSV file; writes <c>record_id,cluster_id</c> for every record when <paramref name="outputPath"/> is set.</summary>
    public static LinkageResult Dedupe(string inputPath, string idColumn, string? outputPath,
        IReadOnlyList<FieldSpec>? fields = null, LinkageOptions? options = null, IProgress<LinkageProgress>? progress = null)
    {
        options ??= new LinkageOptions();
        CheckOutput(outputPath, inputPath);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        progress?.Report(new LinkageProgress("reading", 0));
        var table = CsvTable.Read(inputPath);
        var reading = clock.Elapsed;
        progress?.Report(new LinkageProgress("encoding", 0));
        var records = RecordSet.ForDedupe(table, idColumn, fields);
        var encoding = clock.Elapsed - reading;
        var result = LinkageEngine.Run(records, options, progress);
        result.Summary = result.Summary with { Timings = [("reading", reading), ("encoding", encoding), .. result.Summary.Timings] };
        if (outputPath is not null)
        {
            progress?.Report(new LinkageProgress("writing", 0));
            WriteAtomically(outputPath, writer => WriteClusters(result, writer));
        }

        return result;
    }

    /// <summary>Explains two records by id (left then right for linkage); bad ids are input errors.</summary>
    public static PairExplanation Explain(LinkageResult result, string firstId, string secondId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var records = result.Records;
        var a = records.IndexOf(firstId, 0);
        var b = records.IndexOf(secondId, records.IsLink ? 1 : 0);
        if (a < 0)
        {
            throw new LinkageInputException($"--explain: no record with id '{firstId}'{(records.IsLink ? " in the left file" : string.Empty)}");
        }

        if (b < 0)
        {
            throw new LinkageInputException($"--explain: no record with id '{secondId}'{(records.IsLink ? " in the right file" : string.Empty)}");
        }

        return result.Explain(a, b);
    }

    /// <summary>
    /// Reads clerical labels: a CSV with a left id column (name ending in <c>_l</c>, or <c>left_id</c>),
    /// a right id column (<c>_r</c> / <c>right_id</c>) and a score column (<c>clerical_match_score</c>,
    /// <c>match</c>, <c>label</c> or the last column); a score of 0.5 or more means "same entity".
    /// </summary>
    public static IReadOnlyList<ClericalLabel> ReadLabels(string path)
    {
        var table = CsvTable.Read(path);
        int Find(Func<string, bool> test)
        {
            for (var c = 0; c < table.Header.Count; c++)
            {
                if (test(table.Header[c].ToLowerInvariant()))
                {
                    return c;
                }
            }

            return -1;
        }

        var left = Find(h => h is "left_id" or "id_l" or "unique_id_l" or "rec_id_l" || (h.EndsWith("id_l", StringComparison.Ordinal)));
        var right = Find(h => h is "right_id" or "id_r" or "unique_id_r" or "rec_id_r" || (h.EndsWith("id_r", StringComparison.Ordinal)));
        var score = Find(h => h is "clerical_match_score" or "match" or "label" or "is_match" or "score");
        if (score < 0)
        {
            score = table.Header.Count - 1;
        }

        if (left < 0 || right < 0)
        {
            throw new LinkageInputException(path, 1, null, "label file needs a left id column (…id_l or left_id) and a right id column (…id_r or right_id)");
        }

        var labels = new List<ClericalLabel>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            var text = table[r, score];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                value = text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "match" => 1,
                    "false" or "no" or "nonmatch" or "non-match" => 0,
                    _ => throw new LinkageInputException(path, table.LineOf(r), table.Header[score], $"'{text}' is not a score (0–1) or yes/no"),
                };
            }

            labels.Add(new ClericalLabel(table[r, left], table[r, right], value >= 0.5));
        }

        return labels;
    }

    /// <summary>The run summary as text: candidate pairs, EM runs, m/u per level, matches, notes.</summary>
    public static string FormatSummary(LinkageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var b = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.AppendLine(inv, $"records               {summary.Records:N0}");
        b.AppendLine(inv, $"candidate pairs       {summary.CandidatePairs:N0} ({summary.Patterns:N0} distinct comparison patterns)");
        foreach (var rule in summary.Blocking)
        {
            var skipped = (rule.RefinedBlocks > 0 ? $", {rule.RefinedBlocks:N0} oversized block(s) split by a refining key" : string.Empty)
                + (rule.SkippedBlocks > 0 ? $", {rule.SkippedBlocks:N0} still oversized and skipped ({rule.SkippedPairs:N0} pairs)" : string.Empty);
            b.AppendLine(inv, $"  rule {rule.Rule}: {rule.Pairs:N0} new pairs in {rule.Blocks:N0} blocks{skipped}");
        }

        foreach (var run in summary.Em)
        {
            b.AppendLine(inv, $"EM on {run.Rule}: {run.Pairs:N0} pairs, {run.Iterations} iterations{(run.Converged ? string.Empty : " (not converged)")}, match share {run.MatchShare:0.0000}");
        }

        b.AppendLine(inv, $"prior match probability {summary.Model.PriorProbability:0.000e+0} (expected matching pairs {summary.ExpectedMatches:N0})");
        foreach (var p in summary.Model.Parameters)
        {
            b.AppendLine(inv, $"{p.Column} ({FieldRoles.Kebab(p.Role)}{(p.TermFrequency ? ", term-frequency adjusted" : string.Empty)})");
            foreach (var level in p.Levels)
            {
                b.AppendLine(inv, $"  {level.Level,-48} m={level.M:0.0000}  u={level.U:0.000000}  weight {level.Weight,7:+0.00;-0.00}");
            }
        }

        b.AppendLine(inv, $"matches               {summary.Matches:N0} pairs at or above the threshold");
        if (summary.Clusters > 0)
        {
            b.AppendLine(inv, $"clusters              {summary.Clusters:N0} entities ({summary.RefusedMerges:N0} merges refused by the coherence guard)");
            if (summary.LonePairsLinked > 0)
            {
                b.AppendLine(inv, $"lone pairs            {summary.LonePairsLinked:N0} pairs of two otherwise unmatched records joined (odds × {summary.LoneFactor:0.00})");
            }

            if (summary.ListColumn is not null)
            {
                var guard = summary.ListGuard ? ": two rows of one list are one entity only if they match as a pair" : string.Empty;
                b.AppendLine(inv, $"lists                 column '{summary.ListColumn}'{guard}");
                if (summary.ListCompetitionLowered > 0)
                {
                    b.AppendLine(inv, $"list competition      {summary.ListCompetitionLowered:N0} pairs below the threshold once a record's rivals on one list are counted");
                }
            }
        }

        if (summary.LabelScore is { } score)
        {
            b.AppendLine(inv, $"clerical labels       {score}");
        }

        foreach (var note in summary.Notes)
        {
            b.AppendLine(inv, $"note: {note}");
        }

        foreach (var (stage, time) in summary.Timings)
        {
            b.AppendLine(inv, $"time {stage,-20} {time.TotalSeconds,8:0.000} s");
        }

        return b.ToString();
    }

    /// <summary>Writes matches as CSV: left_id,right_id,probability, best first.</summary>
    public static void WritePairs(LinkageResult result, TextWriter writer, double threshold, bool oneToOne)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var header = result.Records.IsLink ? "left_id,right_id,probability" : "record_id_1,record_id_2,probability";
        writer.Write(header);
        writer.Write('\n');
        foreach (var (a, b, p) in result.Matches(threshold, oneToOne))
        {
            WriteField(writer, result.Records.IdOf(a));
            writer.Write(',');
            WriteField(writer, result.Records.IdOf(b));
            writer.Write(',');
            writer.Write(p.ToString("0.000000", CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>Writes every record with its cluster: record_id,cluster_id (the cluster's first record's id).</summary>
    public static void WriteClusters(LinkageResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var clusterOf = result.ClusterOf ?? throw new InvalidOperationException("not a deduplication result");
        writer.Write("record_id,cluster_id\n");
        for (var i = 0; i < clusterOf.Length; i++)
        {
            WriteField(writer, result.Records.IdOf(i));
            writer.Write(',');
            WriteField(writer, result.Records.IdOf(clusterOf[i]));
            writer.Write('\n');
        }
    }

    private static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static void CheckOutput(string? outputPath, params string[] inputs)
    {
        if (outputPath is null)
        {
            return;
        }

        var full = Path.GetFullPath(outputPath);
        foreach (var input in inputs)
        {
            if (string.Equals(full, Path.GetFullPath(input), StringComparison.Ordinal))
            {
                throw new LinkageInputException(outputPath, 0, null, "the output would overwrite an input file");
            }
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new LinkageInputException(outputPath, 0, null, $"the output folder {directory} does not exist");
        }
    }

    // Writes to a temporary file beside the target, then renames it over the target: readers never
    // see half a file, and a failure leaves the old file (or nothing) in place.
    private static void WriteAtomically(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
            {
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
