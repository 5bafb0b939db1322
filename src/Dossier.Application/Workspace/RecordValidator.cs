using System.Text.RegularExpressions;
using Dossier.Domain.Records;

namespace Dossier.Application.Workspace;

/// <summary>A problem with one field of one record. <see cref="Field"/> is a JSON path inside the record ("names[0].text").</summary>
public sealed record ValidationError(string RecordId, string Field, string Message)
{
    public override string ToString() => $"{RecordId}: {Field}: {Message}";
}

/// <summary>
/// Checks a record on its own (ids, required text, ranges) and against the records it points to:
/// every reference must exist and be of the kind its field expects.
/// </summary>
public static partial class RecordValidator
{
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
    };

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Checks one record; <paramref name="kindOf"/> answers the kind of any other record id, or null if none exists.</summary>
    public static IReadOnlyList<ValidationError> Validate(Record record, Func<string, RecordKind?> kindOf)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(kindOf);
        var errors = new List<ValidationError>();
        void Fail(string field, string message) => errors.Add(new ValidationError(record.Id, field, message));

        if (!IsValidId(record.Id))
        {
            Fail("id", "an id is 1–128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }

        CheckFields(record, Fail);

        foreach (var reference in record.References())
        {
            var rule = ReferenceRules[reference.Role];
            var actual = kindOf(reference.TargetId);
            if (actual is null)
            {
                Fail(rule.Field, $"refers to '{reference.TargetId}', which does not exist");
            }
            else if (rule.Expected is { } expected && actual != expected)
            {
                Fail(rule.Field, $"refers to '{reference.TargetId}', a {RecordKinds.Name(actual.Value)}, where a {RecordKinds.Name(expected)} is expected");
            }
            else if (reference.Role == "parent" && actual != record.Kind)
            {
                Fail(rule.Field, $"a {RecordKinds.Name(record.Kind)}'s parent must be a {RecordKinds.Name(record.Kind)}");
            }
            else if (reference.TargetId == record.Id)
            {
                Fail(rule.Field, "a record cannot refer to itself");
            }
        }

        return errors;
    }

    private static void CheckFields(Record record, Action<string, string> fail)
    {
        switch (record)
        {
            case Person person:
                if (person.Names.Count == 0)
                {
                    fail("names", "a person needs at least one name");
                }

                for (var i = 0; i < person.Names.Count; i++)
                {
                    RequireText(person.Names[i].Text, $"names[{i}].text", fail);
                    RequireScript(person.Names[i].Script, $"names[{i}].script", fail);
                }

                if (person.Born is { } born && person.Died is { } died && died.Latest < born.Earliest)
                {
                    fail("died", "death cannot come before birth");
                }

                break;
            case Organization organization:
                CheckNames(organization.Names, fail);
                break;
            case Place place:
                CheckNames(place.Names, fail);
                if (place.Latitude is < -90 or > 90)
                {
                    fail("latitude", "latitude must lie between -90 and 90");
                }

                if (place.Longitude is < -180 or > 180)
                {
                    fail("longitude", "longitude must lie between -180 and 180");
                }

                if (place.Latitude.HasValue != place.Longitude.HasValue)
                {
                    fail(place.Latitude.HasValue ? "longitude" : "latitude", "give both latitude and longitude, or neither");
                }

                break;
            case Position position:
                RequireText(position.Role, "role", fail);
                if (position.From is { } from && position.To is { } to && to.Latest < from.Earliest)
                {
                    fail("to", "a position cannot end before it starts");
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
                    fail("credibility", "credibility is graded 1 (confirmed) to 6 (cannot be judged)");
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
                    fail("witnessCount", "cannot be negative");
                }

                break;
            case Ruling ruling:
                RequireText(ruling.Type, "type", fail);
                RequireText(ruling.Outcome, "outcome", fail);
                break;
            default:
                break;
        }
    }

    private static void CheckQuantity(Quantity quantity, Action<string, string> fail)
    {
        RequireText(quantity.Unit, "quantity.unit", fail);
        switch (quantity.Qualifier)
        {
            case QuantityQualifier.Between:
                if (quantity.Lower is null || quantity.Upper is null)
                {
                    fail("quantity", "a 'between' figure needs lower and upper");
                }
                else if (quantity.Lower > quantity.Upper)
                {
                    fail("quantity.lower", "lower is above upper");
                }

                break;
            case QuantityQualifier.Vague:
                RequireText(quantity.Text, "quantity.text", fail);
                break;
            default:
                if (quantity.Value is null)
                {
                    fail("quantity.value", "a figure needs a value (or use qualifier 'vague' with text)");
                }

                break;
        }
    }

    private static void CheckNames(IReadOnlyList<LocalizedName> names, Action<string, string> fail)
    {
        if (names.Count == 0)
        {
            fail("names", "at least one name is needed");
        }

        for (var i = 0; i < names.Count; i++)
        {
            RequireText(names[i].Text, $"names[{i}].text", fail);
            RequireScript(names[i].Script, $"names[{i}].script", fail);
        }
    }

    private static void RequireText(string? value, string field, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(field, "is required");
        }
    }

    private static void RequireScript(string? script, string field, Action<string, string> fail)
    {
        if (script is null || script.Length != 4 || !char.IsAsciiLetterUpper(script[0]) || !script.Skip(1).All(char.IsAsciiLetterLower))
        {
            fail(field, "a script is an ISO 15924 code such as \"Latn\" or \"Arab\"");
        }
    }
}
