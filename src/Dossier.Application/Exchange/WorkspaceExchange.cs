using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Exchange;

/// <summary>Imports and exports whole workspace files through the same commands as every other change.</summary>
public static class WorkspaceExchange
{
    /// <summary>
    /// Reads, checks and imports a workspace file. Either every record is written or none is: all
    /// errors (syntax, unknown fields, bad dates, dangling references, duplicate ids) are collected
    /// first, each with its line and field.
    /// </summary>
    /// <remarks>
    /// A file with a <c>protectedIdentities</c> block needs <paramref name="protection"/>: each identity
    /// is sealed (docs/protected-identities.md) in the same transaction as the records, first, so records may refer to it.
    /// <paramref name="by"/> must be allowed to write every record's classification, and to write
    /// protected-identity records if the file seals identities (as `identity seal` requires).
    /// </remarks>
    public static async Task<IReadOnlyList<FileError>> ImportAsync(WorkspaceService service, string path, Principal by, string reason, CancellationToken cancellationToken, ProtectionService? protection = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(by);
        var fileName = Path.GetFileName(path);
        string text;
        try
        {
            // Refuse before reading a file that cannot be within the character cap (UTF-8 takes at most 4 bytes a character).
            if (new FileInfo(path).Length > 4L * ImportLimits.MaxCharacters)
            {
                return [new FileError(fileName, 1, "$", $"the file is larger than {ImportLimits.MaxCharacters / (1024 * 1024)} Mi characters; split it, and name photo files instead of inlining them")];
            }

            // Strict UTF-8: a file in another encoding is refused rather than imported as mojibake.
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return [new FileError(fileName, 1, "$", "the file is not valid UTF-8")];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [new FileError(fileName, 0, "$", exception.Message)];
        }

        var content = WorkspaceFile.Read(fileName, new StringReader(text));
        var sealing = ProtectedIdentityImport.Prepare(content, path, protection is not null);
        var refused = Refusals(content, fileName, by);
        if (content.Errors.Count > 0 || sealing.Errors.Count > 0 || refused.Count > 0)
        {
            // Still check what did parse, so one run lists every problem in the file.
            var more = await service.ValidateManyAsync([.. content.Records, .. sealing.Placeholders], content.UnparsedRecords, cancellationToken);
            return [.. content.Errors.Concat(sealing.Errors).Concat(refused).Concat(Locate(content, fileName, more, sealing)).OrderBy(e => e.Line)];
        }

        // The identities are sealed in memory first and written with the records in one transaction (ADR 1825):
        // a failure or a crash part-way leaves neither sealed identities nor records behind.
        PreparedSeals? seals = null;
        if (sealing.Requests.Count > 0)
        {
            var checkedFirst = await service.ValidateManyAsync([.. content.Records, .. sealing.Placeholders], content.UnparsedRecords, cancellationToken);
            if (checkedFirst.Count > 0)
            {
                return [.. Locate(content, fileName, checkedFirst, sealing).OrderBy(e => e.Line)];
            }

            (seals, var results) = await protection!.PrepareSealsAsync([.. sealing.Requests.Select(r => r.Request)], by, reason, cancellationToken);
            if (seals is null)
            {
                return [.. results.Zip(sealing.Requests).SelectMany(pair => pair.First.Errors.Select(e =>
                    new FileError(fileName, pair.Second.Line, $"{ProtectedIdentityBlock.Key}.{e.Field}", e.Message)))];
            }
        }

        using (seals)
        {
            var errors = await service.CreateManyAsync(content.Records, by, reason, cancellationToken, seals);
            return Locate(content, fileName, errors, sealing);
        }
    }

    // What the principal may not write: records above its classification, and sealed identities.
    private static List<FileError> Refusals(WorkspaceFileContent content, string fileName, Principal by)
    {
        var refused = new List<FileError>();
        if (content.ProtectedIdentities.Count > 0 && !AccessPolicy.CanWrite(by.Role, Classification.ProtectedIdentity))
        {
            var first = content.ProtectedIdentities[0];
            refused.Add(new FileError(fileName, first.Line, ProtectedIdentityBlock.Key,
                $"sealing protected identities needs an account whose role may write protected-identity records (investigator or legal); {Who(by)}"));
        }

        foreach (var record in content.Records.Where(r => !AccessPolicy.CanWrite(by.Role, r.Classification)))
        {
            refused.Add(new FileError(fileName, WorkspaceFile.LineOf(content, new ValidationError(record.Id, "classification", string.Empty)), $"{record.Id}.classification",
                $"writing a {Dossier.Domain.Records.RecordKinds.Name(record.Kind)} of this classification is refused; {Who(by)}"));
        }

        return refused;
    }

    private static string Who(Principal by) => by.IsLocalOperator
        ? "this import runs as the local operator: pass --token with such an account's API token"
        : $"'{by.Name}' is {AccessPolicy.Name(by.Role)}";

    private static List<FileError> Locate(WorkspaceFileContent content, string fileName, IEnumerable<ValidationError> errors, ProtectedIdentityImport sealing) =>
        [.. errors.Select(e => sealing.LineOf(e.RecordId) is { } line
            ? new FileError(fileName, line, $"{ProtectedIdentityBlock.Key}({e.RecordId}).{e.Field}", e.Message)
            : new FileError(fileName, WorkspaceFile.LineOf(content, e), $"{e.RecordId}.{e.Field}", e.Message))];

    private static List<FileError> Locate(WorkspaceFileContent content, string fileName, IEnumerable<ValidationError> errors) =>
        [.. errors.Select(e => new FileError(fileName, WorkspaceFile.LineOf(content, e), $"{e.RecordId}.{e.Field}", e.Message))];

    /// <summary>
    /// Writes every current (not retracted) record, in the order they were created, so references point backwards.
    /// Testimony keeps its consent (ADR 1402): a statement whose interview's consent was withdrawn is never
    /// written, nor — when <paramref name="sharing"/> names an audience and a purpose — one whose consent does
    /// not cover them; a protected witness's statement is written without its sealed words (ADR 0804).
    /// </summary>
    public static async Task<ExportSummary> ExportAsync(IWorkspaceStore store, TextWriter writer, bool yaml, Func<Record, bool>? include, CancellationToken cancellationToken, ConsentScope? sharing = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = new List<RecordEnvelope>();
        const int page = 1000;
        for (var offset = 0; ; offset += page)
        {
            var batch = await store.ListAsync(null, offset, page, cancellationToken);
            records.AddRange(batch);
            if (batch.Count < page)
            {
                break;
            }
        }

        var interviews = records.Where(r => !r.Retracted).Select(r => r.Record).OfType<Interview>().ToDictionary(i => i.Id, StringComparer.Ordinal);
        bool Consented(Statement statement) =>
            interviews.TryGetValue(statement.InterviewId, out var interview)
            && interview.Consent.Withdrawn is null
            && (sharing is not { } scope || interview.Consent.Covers(scope.Audience, scope.Purpose));

        var chosen = records.Where(r => !r.Retracted && (include?.Invoke(r.Record) ?? true))
            .OrderBy(r => r.CreatedSequence).Select(r => r.Record).ToList();
        var withheld = chosen.OfType<Statement>().Count(s => !Consented(s));
        var written = chosen.Where(r => r is not Statement statement || Consented(statement))
            .Select(r => r is Statement { Sealed: not null } statement ? statement with { Sealed = null } : r)
            .ToList();
        WorkspaceFile.Write(writer, written, yaml);
        return new ExportSummary(written.Count, withheld);
    }
}

/// <summary>With whom, and for what, an export is shared: statements whose witness did not consent to it stay behind.</summary>
public sealed record ConsentScope(string Audience, string Purpose);

/// <summary>What an export wrote, and how many statements it withheld for want of consent.</summary>
public sealed record ExportSummary(int Written, int WithheldStatements);
