using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Testimony;

/// <summary>
/// What interviews and statements must respect beyond their own fields, checked against the store by the one door
/// (<see cref="WorkspaceService"/>; ADR 1402): a protected witness's testimony is never public or internal, an
/// interview's recordings are classified (a voice identifies its speaker), a witness cannot be swapped under
/// statements already taken — and a protected witness's words are sealed under the witness's key before they
/// reach the ledger, whichever way they came in (form, API, workspace file).
/// </summary>
internal static class TestimonyRules
{
    /// <summary>
    /// Checks <paramref name="records"/> and, when <paramref name="seal"/> is set, returns them with every protected
    /// witness's statement sealed. Records of other kinds pass through untouched.
    /// </summary>
    public static async Task<(IReadOnlyList<Record> Records, List<ValidationError> Errors)> ApplyAsync(
        IReadOnlyList<Record> records, IWorkspaceStore store, ProtectionService? protection, bool seal, CancellationToken cancellationToken, PreparedSeals? pending = null)
    {
        var errors = new List<ValidationError>();
        if (!records.Any(r => r is Interview or Statement))
        {
            return (records, errors);
        }

        var interviews = new Dictionary<string, Interview>(StringComparer.Ordinal);
        foreach (var interview in records.OfType<Interview>())
        {
            interviews.TryAdd(interview.Id, interview);
        }

        var elsewhere = records.OfType<Statement>().Select(s => s.InterviewId).Where(id => !interviews.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, envelope) in await store.GetManyAsync(elsewhere, cancellationToken))
        {
            if (envelope.Record is Interview stored)
            {
                interviews[id] = stored;
            }
        }

        // A witness is protected when sealed, or when their record is classified protected-identity: during an import's
        // first check the identities of the file are not sealed yet, and their placeholders say what they will be.
        var witnessIds = interviews.Values.Select(i => i.WitnessId).ToHashSet(StringComparer.Ordinal);
        var witnessRecords = records.OfType<Person>().Where(p => witnessIds.Contains(p.Id)).ToDictionary(p => p.Id, p => (Record)p, StringComparer.Ordinal);
        foreach (var (id, envelope) in await store.GetManyAsync([.. witnessIds.Where(id => !witnessRecords.ContainsKey(id))], cancellationToken))
        {
            witnessRecords[id] = envelope.Record;
        }

        var witnesses = new Dictionary<string, Witness>(StringComparer.Ordinal);
        foreach (var witness in witnessIds)
        {
            var subject = await store.SealedIdentities.GetSubjectAsync(witness, cancellationToken);
            var classified = witnessRecords.TryGetValue(witness, out var record) && record.Classification == Classification.ProtectedIdentity;
            var sealedNow = pending?.Contains(witness) == true;
            witnesses[witness] = new Witness(subject is not null || classified || sealedNow, subject, sealedNow);
        }

        var result = new List<Record>(records.Count);
        foreach (var record in records)
        {
            void Fail(string field, string code, params string[] arguments) => errors.Add(ValidationMessages.Error(record.Id, field, code, arguments));
            switch (record)
            {
                case Interview interview:
                    await CheckInterviewAsync(interview, witnesses[interview.WitnessId].Protected, store, Fail, cancellationToken);
                    result.Add(record);
                    break;
                case Statement statement when interviews.TryGetValue(statement.InterviewId, out var interview):
                    result.Add(await StatementAsync(statement, interview.WitnessId, witnesses[interview.WitnessId], protection, pending, seal, Fail, cancellationToken));
                    break;
                default:
                    result.Add(record);
                    break;
            }
        }

        return (result, errors);
    }

    private static async Task CheckInterviewAsync(Interview interview, bool protectedWitness, IWorkspaceStore store, Action<string, string, string[]> fail, CancellationToken cancellationToken)
    {
        if (protectedWitness && interview.Classification < Classification.Restricted)
        {
            fail("classification", "protected-testimony", [Classifications.Name(interview.Classification)]);
        }

        for (var i = 0; i < interview.Materials.Count; i++)
        {
            var material = interview.Materials[i];
            if (!Dossier.Ledger.Blobs.BlobStore.IsValidHash(material.Evidence))
            {
                continue;
            }

            var item = await store.Evidence.GetItemAsync(material.Evidence.ToLowerInvariant(), cancellationToken);
            if (item is null)
            {
                fail($"materials[{i}].evidence", "evidence-missing", [material.Evidence]);
            }
            else if (item.Classification < Classification.Restricted)
            {
                fail($"materials[{i}].evidence", "material-classification", []);
            }
            else if (protectedWitness && material.Role == MaterialRole.Recording && item.Classification != Classification.ProtectedIdentity)
            {
                fail($"materials[{i}].evidence", "recording-protected", []);
            }
        }

        if (await store.GetAsync(interview.Id, cancellationToken) is { Record: Interview before }
            && !string.Equals(before.WitnessId, interview.WitnessId, StringComparison.Ordinal)
            && (await store.ReferencingAsync(interview.Id, RecordKind.Statement, cancellationToken)).Any(s => !s.Retracted))
        {
            fail("witnessId", "witness-fixed", []);
        }
    }

    // SealedNow: the witness's identity is sealed in the same batch (an import), so its key is not stored yet.
    private sealed record Witness(bool Protected, SealedSubject? Subject, bool SealedNow);

    private static async Task<Record> StatementAsync(
        Statement statement, string witnessId, Witness witness, ProtectionService? protection, PreparedSeals? pending, bool seal, Action<string, string, string[]> fail, CancellationToken cancellationToken)
    {
        if (!witness.Protected)
        {
            if (statement.Sealed is not null)
            {
                fail("sealed", "sealed-unprotected", []);
            }

            return statement;
        }

        if (statement.Classification < Classification.Restricted)
        {
            fail("classification", "protected-testimony", [Classifications.Name(statement.Classification)]);
        }

        var plain = statement.Text is not null || statement.Translations.Count > 0;
        if (witness.Subject is { Erased: true } && (plain || statement.Sealed is null))
        {
            fail("interviewId", "witness-erased", []);
            return statement;
        }

        if (!plain)
        {
            return statement;
        }

        if (protection is null)
        {
            fail("text", "seal-needs-key", []);
            return statement;
        }

        if (!seal)
        {
            return statement;
        }

        if (witness.Subject is null && !witness.SealedNow)
        {
            fail("text", "seal-failed", ["the witness has no sealed identity"]);
            return statement;
        }

        var (sealedText, status) = await protection.SealStatementAsync(statement.Id, witnessId, StatementContent.Of(statement), cancellationToken, pending);
        if (sealedText is null)
        {
            fail("text", "seal-failed", [status.ToString()]);
            return statement;
        }

        return statement with { Text = null, Translations = [], Sealed = sealedText };
    }
}
