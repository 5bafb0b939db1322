using System.Text.RegularExpressions;
using Dossier.Domain.Records;

namespace Dossier.Application.Workspace;

/// <summary>A problem with one field of one record. <see cref="Field"/> is a JSON path inside the record ("names[0].text").</summary>
public sealed record ValidationError(string RecordId, string Field, string Message)
{
    /// <summary>
    /// The message's stable key in <see cref="ValidationMessages"/> ("required", "reference-missing" …), so a UI can
    /// say it in the reader's language; null for messages that have none. <see cref="Message"/> is the English text.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>The values in the message, in the order its template numbers them (ids, kind names).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public override string ToString() => $"{RecordId}: {Field}: {Message}";
}

/// <summary>The record validator's messages in English, by code; the web UI has the same codes translated.</summary>
public static class ValidationMessages
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id-format"] = "an id is 1–128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
        ["reference-missing"] = "refers to '{0}', which does not exist",
        ["reference-kind"] = "refers to '{0}', a {1}, where a {2} is expected",
        ["parent-kind"] = "a {0}'s parent must be a {0}",
        ["reference-self"] = "a record cannot refer to itself",
        ["person-name"] = "a person needs at least one name",
        ["died-before-born"] = "death cannot come before birth",
        ["latitude-range"] = "latitude must lie between -90 and 90",
        ["longitude-range"] = "longitude must lie between -180 and 180",
        ["coordinates-pair"] = "give both latitude and longitude, or neither",
        ["ends-before-start"] = "a position cannot end before it starts",
        ["credibility-range"] = "credibility is graded 1 (confirmed) to 6 (cannot be judged)",
        ["negative"] = "cannot be negative",
        ["between-bounds"] = "a 'between' figure needs lower and upper",
        ["lower-above-upper"] = "lower is above upper",
        ["figure-value"] = "a figure needs a value (or use qualifier 'vague' with text)",
        ["names-required"] = "at least one name is needed",
        ["required"] = "is required",
        ["script-code"] = "a script is an ISO 15924 code such as \"Latn\" or \"Arab\"",
        ["id-taken"] = "a record with id '{0}' already exists in the workspace",
        ["too-many-names"] = "at most {0} entries (a record's names feed search; put long lists of spellings in a victim list)",
        ["name-too-long"] = "a name is at most {0} characters",
        ["consent-word"] = "'{0}' is not one of: {1}",
        ["consent-needed"] = "record with whom the witness agreed to share the account (sharedWith) and for what (for)",
        ["withdrawn-before-given"] = "consent cannot be withdrawn before it was given",
        ["language-tag"] = "a language is a BCP 47 tag such as fa, en or az-Latn",
        ["evidence-hash"] = "an evidence item is named by its SHA-256 (64 hexadecimal digits)",
        ["text-or-sealed"] = "a statement has plain text or sealed text, not both",
        ["text-too-long"] = "at most {0} characters",
        ["allegation-twice"] = "the allegation '{0}' is named twice",
        ["intermediary-kind"] = "an intermediary is a person or an organisation",
        ["protected-testimony"] = "the testimony of a protected witness is restricted or protected-identity, never {0}",
        ["evidence-missing"] = "no evidence item '{0}' in this workspace",
        ["material-classification"] = "an interview's recordings, transcripts and translations are classified restricted or above (a voice identifies its speaker)",
        ["recording-protected"] = "the recording of a protected witness is classified protected-identity",
        ["witness-fixed"] = "the interview already has statements; its witness cannot change",
        ["witness-erased"] = "the witness's identity was erased; their statements cannot be written again",
        ["seal-needs-key"] = "a protected witness's words are sealed under the witness's key, and this command has no master key",
        ["seal-failed"] = "the witness's key could not be used ({0}); nothing was written",
        ["sealed-unprotected"] = "only a protected witness's statements are sealed",
        ["proof-target"] = "a proof names a record (recordId) or an evidence item (evidence), exactly one",
        ["unknown-crime"] = "no crime '{0}' in the legal frameworks",
        ["unknown-mode"] = "no mode of liability '{0}' in the legal frameworks",
        ["unknown-element"] = "no element '{0}' among the elements of this case's charges",
    };

    /// <summary>An error with this code's English message filled in.</summary>
    public static ValidationError Error(string recordId, string field, string code, params string[] arguments) =>
        new(recordId, field, string.Format(System.Globalization.CultureInfo.InvariantCulture, English[code], arguments))
        {
            Code = code,
            Arguments = arguments,
        };
}

/// <summary>
/// Checks a record on its own (ids, required text, ranges) and against the records it points to:
/// every reference must exist and be of the kind its field expects.
/// </summary>
public static partial class RecordValidator
{
    /// <summary>Most entries in a record's <c>names</c>, and in a person's <c>aliases</c> (docs/formats/workspace.md, "Limits").</summary>
    public const int MaxNames = 100;

    /// <summary>Longest name or alias, in characters.</summary>
    public const int MaxNameLength = 200;

    private delegate void Failure(string field, string code, params string[] arguments);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    private static readonly Dictionary<string, (string Field, RecordKind? Expected)> ReferenceRules = new(StringComparer.Ordinal)
    {
        ["source"] = ("sources", RecordKind.Source),
        ["claim-source"] = ("sourceId", RecordKind.Source),
        ["person"] = ("personId", RecordKind.Person),
        ["organization"] = ("organizationId", RecordKind.Organization),
        ["place"] = ("placeId", RecordKind.Place),
        ["parent"] = ("parentId", null),
        ["part-of"] = ("partOfId", RecordKind.Event),
        ["victim"] = ("victimId", RecordKind.Person),
        ["event"] = ("eventId", RecordKind.Event),
        ["act"] = ("actId", RecordKind.Act),
        ["perpetrator"] = ("perpetratorId", RecordKind.Person),
        ["court"] = ("courtId", RecordKind.Organization),
        ["accused"] = ("accusedIds", RecordKind.Person),
        ["counsel"] = ("counsel", RecordKind.Person),
        ["proceeding"] = ("proceedingId", RecordKind.Proceeding),
        ["venue"] = ("venuePlaceId", RecordKind.Place),
        ["subject"] = ("subjects", null),
        ["witness"] = ("witnessId", RecordKind.Person),
        ["interviewer"] = ("interviewerId", RecordKind.Person),
        ["intermediary"] = ("intermediaryId", null),
        ["interview-organization"] = ("organizationId", RecordKind.Organization),
        ["interview"] = ("interviewId", RecordKind.Interview),
        ["mentions-person"] = ("personIds", RecordKind.Person),
        ["mentions-place"] = ("placeIds", RecordKind.Place),
        ["mentions-event"] = ("eventIds", RecordKind.Event),
        ["allegation"] = ("allegations", RecordKind.Allegation),
        ["case-place"] = ("placeIds", RecordKind.Place),
        ["proof"] = ("proof", null),
    };

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Checks one record; <paramref name="kindOf"/> answers the kind of any other record id, or null if none exists.</summary>
    public static IReadOnlyList<ValidationError> Validate(Record record, Func<string, RecordKind?> kindOf)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(kindOf);
        var errors = new List<ValidationError>();
        void Fail(string field, string code, params string[] arguments) => errors.Add(ValidationMessages.Error(record.Id, field, code, arguments));

        if (!IsValidId(record.Id))
        {
            Fail("id", "id-format");
        }

        CheckFields(record, Fail);

        foreach (var reference in record.References())
        {
            var rule = ReferenceRules[reference.Role];
            var actual = kindOf(reference.TargetId);
            if (actual is null)
            {
                Fail(rule.Field, "reference-missing", reference.TargetId);
            }
            else if (rule.Expected is { } expected && actual != expected)
            {
                Fail(rule.Field, "reference-kind", reference.TargetId, RecordKinds.Name(actual.Value), RecordKinds.Name(expected));
            }
            else if (reference.Role == "intermediary" && actual is not (RecordKind.Person or RecordKind.Organization))
            {
                Fail(rule.Field, "intermediary-kind");
            }
            else if (reference.Role == "parent" && actual != record.Kind)
            {
                Fail(rule.Field, "parent-kind", RecordKinds.Name(record.Kind));
            }
            else if (reference.TargetId == record.Id)
            {
                Fail(rule.Field, "reference-self");
            }
        }

        return errors;
    }

    private static void CheckFields(Record record, Failure fail)
    {
        switch (record)
        {
            case Person person:
                if (person.Names.Count == 0)
                {
                    fail("names", "person-name");
                }

                CapCount(person.Names.Count, "names", fail);
                for (var i = 0; i < Math.Min(person.Names.Count, MaxNames); i++)
                {
                    RequireText(person.Names[i].Text, $"names[{i}].text", fail);
                    CapLength(person.Names[i].Text, $"names[{i}].text", fail);
                    RequireScript(person.Names[i].Script, $"names[{i}].script", fail);
                }

                CapCount(person.Aliases.Count, "aliases", fail);
                for (var i = 0; i < Math.Min(person.Aliases.Count, MaxNames); i++)
                {
                    CapLength(person.Aliases[i], $"aliases[{i}]", fail);
                }

                if (person.Born is { } born && person.Died is { } died && died.Latest < born.Earliest)
                {
                    fail("died", "died-before-born");
                }

                break;
            case Organization organization:
                CheckNames(organization.Names, fail);
                break;
            case Place place:
                CheckNames(place.Names, fail);
                if (place.Latitude is < -90 or > 90)
                {
                    fail("latitude", "latitude-range");
                }

                if (place.Longitude is < -180 or > 180)
                {
                    fail("longitude", "longitude-range");
                }

                if (place.Latitude.HasValue != place.Longitude.HasValue)
                {
                    fail(place.Latitude.HasValue ? "longitude" : "latitude", "coordinates-pair");
                }

                break;
            case Position position:
                RequireText(position.Role, "role", fail);
                if (position.From is { } from && position.To is { } to && to.Latest < from.Earliest)
                {
                    fail("to", "ends-before-start");
                }

                break;
            case Event @event:
                RequireText(@event.Title, "title", fail);
                break;
            case Act act:
                RequireText(act.Violation, "violation", fail);
                break;
            case Involvement involvement:
                RequireText(involvement.Degree, "degree", fail);
                break;
            case Source source:
                RequireText(source.Title, "title", fail);
                RequireText(source.Type, "type", fail);
                RequireText(source.Provenance, "provenance", fail);
                break;
            case Claim claim:
                RequireText(claim.Statement, "statement", fail);
                if (claim.Credibility is < 1 or > 6)
                {
                    fail("credibility", "credibility-range");
                }

                if (claim.Quantity is { } quantity)
                {
                    CheckQuantity(quantity, fail);
                }

                break;
            case Proceeding proceeding:
                RequireText(proceeding.Title, "title", fail);
                for (var i = 0; i < proceeding.Charges.Count; i++)
                {
                    RequireText(proceeding.Charges[i].Label, $"charges[{i}].label", fail);
                }

                break;
            case Hearing hearing:
                if (hearing.WitnessCount is < 0)
                {
                    fail("witnessCount", "negative");
                }

                break;
            case Ruling ruling:
                RequireText(ruling.Type, "type", fail);
                RequireText(ruling.Outcome, "outcome", fail);
                break;
            case Interview interview:
                CheckInterview(interview, fail);
                break;
            case Statement statement:
                CheckStatement(statement, fail);
                break;
            case CaseFile caseFile:
                RequireText(caseFile.Title, "title", fail);
                for (var i = 0; i < caseFile.Proof.Count; i++)
                {
                    if ((caseFile.Proof[i].RecordId is null) == (caseFile.Proof[i].Evidence is null))
                    {
                        fail($"proof[{i}]", "proof-target");
                    }
                    else if (caseFile.Proof[i].Evidence is { } hash && !Dossier.Ledger.Blobs.BlobStore.IsValidHash(hash))
                    {
                        fail($"proof[{i}].evidence", "evidence-hash");
                    }
                }

                break;
            case Allegation allegation:
                RequireText(allegation.Text, "text", fail);
                CapText(allegation.Text, "text", MaxNameLength * 10, fail);
                break;
            default:
                break;
        }
    }

    /// <summary>Longest statement text (or translation), in characters: a long account is split into statements.</summary>
    public const int MaxStatementLength = 100_000;

    private static void CheckInterview(Interview interview, Failure fail)
    {
        var consent = interview.Consent;
        if (consent is null)
        {
            fail("consent", "required");
            return;
        }

        if (consent.SharedWith.Count == 0 || consent.For.Count == 0)
        {
            fail("consent", "consent-needed");
        }

        CheckWords(consent.SharedWith, Consent.Audiences, "consent.sharedWith", fail);
        CheckWords(consent.For, Consent.Purposes, "consent.for", fail);
        if (consent.Given is { } given && consent.Withdrawn is { } withdrawn && withdrawn.Latest < given.Earliest)
        {
            fail("consent.withdrawn", "withdrawn-before-given");
        }

        CheckLanguage(interview.Language, "language", fail);
        for (var i = 0; i < interview.Materials.Count; i++)
        {
            var material = interview.Materials[i];
            if (material.Evidence is null || !Dossier.Ledger.Blobs.BlobStore.IsValidHash(material.Evidence))
            {
                fail($"materials[{i}].evidence", "evidence-hash");
            }

            CheckLanguage(material.Language, $"materials[{i}].language", fail);
        }
    }

    private static void CheckStatement(Statement statement, Failure fail)
    {
        if (statement.Sealed is not null && (statement.Text is not null || statement.Translations.Count > 0))
        {
            fail("sealed", "text-or-sealed");
        }

        CapText(statement.Text, "text", MaxStatementLength, fail);
        CheckLanguage(statement.Language, "language", fail);
        for (var i = 0; i < statement.Translations.Count; i++)
        {
            RequireText(statement.Translations[i].Text, $"translations[{i}].text", fail);
            CapText(statement.Translations[i].Text, $"translations[{i}].text", MaxStatementLength, fail);
            if (string.IsNullOrWhiteSpace(statement.Translations[i].Language))
            {
                fail($"translations[{i}].language", "required");
            }
            else
            {
                CheckLanguage(statement.Translations[i].Language, $"translations[{i}].language", fail);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < statement.Allegations.Count; i++)
        {
            if (!seen.Add(statement.Allegations[i].AllegationId))
            {
                fail($"allegations[{i}].allegationId", "allegation-twice", statement.Allegations[i].AllegationId);
            }
        }
    }

    private static void CheckWords(IReadOnlyList<string> words, IReadOnlyList<string> allowed, string field, Failure fail)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!allowed.Contains(words[i], StringComparer.Ordinal))
            {
                fail($"{field}[{i}]", "consent-word", words[i] ?? string.Empty, string.Join(", ", allowed));
            }
        }
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LanguageTag();

    private static void CheckLanguage(string? language, string field, Failure fail)
    {
        if (language is not null && !LanguageTag().IsMatch(language))
        {
            fail(field, "language-tag");
        }
    }

    private static void CapText(string? value, string field, int max, Failure fail)
    {
        if (value is not null && value.Length > max)
        {
            fail(field, "text-too-long", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void CheckQuantity(Quantity quantity, Failure fail)
    {
        RequireText(quantity.Unit, "quantity.unit", fail);
        switch (quantity.Qualifier)
        {
            case QuantityQualifier.Between:
                if (quantity.Lower is null || quantity.Upper is null)
                {
                    fail("quantity", "between-bounds");
                }
                else if (quantity.Lower > quantity.Upper)
                {
                    fail("quantity.lower", "lower-above-upper");
                }

                break;
            case QuantityQualifier.Vague:
                RequireText(quantity.Text, "quantity.text", fail);
                break;
            default:
                if (quantity.Value is null)
                {
                    fail("quantity.value", "figure-value");
                }

                break;
        }
    }

    private static void CheckNames(IReadOnlyList<LocalizedName> names, Failure fail)
    {
        if (names.Count == 0)
        {
            fail("names", "names-required");
        }

        CapCount(names.Count, "names", fail);
        for (var i = 0; i < Math.Min(names.Count, MaxNames); i++)
        {
            RequireText(names[i].Text, $"names[{i}].text", fail);
            CapLength(names[i].Text, $"names[{i}].text", fail);
            RequireScript(names[i].Script, $"names[{i}].script", fail);
        }
    }

    // Names feed the search index: one record with 60,000 aliases made every search that reached it take a minute.
    private static void CapCount(int count, string field, Failure fail)
    {
        if (count > MaxNames)
        {
            fail(field, "too-many-names", MaxNames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void CapLength(string? value, string field, Failure fail)
    {
        if (value is { Length: > MaxNameLength })
        {
            fail(field, "name-too-long", MaxNameLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void RequireText(string? value, string field, Failure fail)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(field, "required");
        }
    }

    private static void RequireScript(string? script, string field, Failure fail)
    {
        if (script is null || script.Length != 4 || !char.IsAsciiLetterUpper(script[0]) || !script.Skip(1).All(char.IsAsciiLetterLower))
        {
            fail(field, "script-code");
        }
    }
}
