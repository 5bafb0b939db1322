using System.Text;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Fields;

/// <summary>What a column holds; decides how it is compared and whether it feeds blocking.</summary>
public enum FieldRole
{
    /// <summary>Not used for matching (ground truth, free notes, unknown columns).</summary>
    Ignore,

    GivenName,
    FamilyName,

    /// <summary>A whole name in one field; compared word-order-free.</summary>
    FullName,

    /// <summary>Another name of the person (father's name, alias): compared like a name, not blocked on.</summary>
    OtherName,

    BirthDate,
    DeathDate,

    /// <summary>A town, suburb or other locality name.</summary>
    Place,

    /// <summary>A street address or other free-text location.</summary>
    Address,

    Postcode,

    /// <summary>A short number such as a street number.</summary>
    Number,

    /// <summary>An identifier that should be unique per person (national id, social security number).</summary>
    Identifier,

    Email,

    /// <summary>A small set of codes compared exactly (state, sex, prison, list).</summary>
    Category,

    /// <summary>A label every record carries and the summary reports (the SYNTHETIC marker of generated
    /// lists); never compared, since it says where a row came from, not who it is.</summary>
    Marker,
}

/// <summary>A column of the input and the role it plays.</summary>
public sealed record FieldSpec(string Column, FieldRole Role);

/// <summary>Detects roles from column names and parses <c>--fields</c> overrides.</summary>
public static class FieldRoles
{
    private static readonly Dictionary<string, FieldRole> Known = Build();

    /// <summary>The role a column name suggests (case, spaces, dashes and underscores ignored), or Ignore.</summary>
    public static FieldRole Detect(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        return Known.TryGetValue(Key(columnName), out var role) ? role : FieldRole.Ignore;
    }

    /// <summary>
    /// Parses an override such as <c>given=first_name,family=surname,birth-date=dob</c>: each item is
    /// <c>ROLE=COLUMN</c> (or <c>COLUMN:ROLE</c>). Throws <see cref="LinkageInputException"/> for an unknown role.
    /// </summary>
    public static IReadOnlyList<FieldSpec> ParseOverrides(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specs = new List<FieldSpec>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string roleText;
            string column;
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            var colon = raw.LastIndexOf(':');
            if (eq > 0)
            {
                roleText = raw[..eq].Trim();
                column = raw[(eq + 1)..].Trim();
            }
            else if (colon > 0)
            {
                column = raw[..colon].Trim();
                roleText = raw[(colon + 1)..].Trim();
            }
            else
            {
                throw new LinkageInputException($"'{raw}' in --fields: write ROLE=COLUMN, e.g. family=surname");
            }

            if (!TryParseRole(roleText, out var role))
            {
                throw new LinkageInputException($"'{roleText}' in --fields is not a role; roles: {string.Join(", ", RoleNames())}");
            }

            specs.Add(new FieldSpec(column, role));
        }

        return specs;
    }

    /// <summary>Role names accepted by <see cref="ParseOverrides"/> (kebab case).</summary>
    public static IEnumerable<string> RoleNames()
    {
        foreach (var role in Enum.GetValues<FieldRole>())
        {
            yield return Kebab(role);
        }
    }

    public static bool TryParseRole(string text, out FieldRole role)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = Key(text);
        foreach (var candidate in Enum.GetValues<FieldRole>())
        {
            if (string.Equals(Key(candidate.ToString()), key, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        switch (key)
        {
            case "given" or "first":
                role = FieldRole.GivenName;
                return true;
            case "family" or "surname" or "last":
                role = FieldRole.FamilyName;
                return true;
            case "name":
                role = FieldRole.FullName;
                return true;
            case "dob" or "birth":
                role = FieldRole.BirthDate;
                return true;
            case "death":
                role = FieldRole.DeathDate;
                return true;
            case "id":
                role = FieldRole.Identifier;
                return true;
            case "none" or "skip":
                role = FieldRole.Ignore;
                return true;
        }

        role = FieldRole.Ignore;
        return false;
    }

    internal static string Kebab(FieldRole role)
    {
        var name = role.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }

    private static Dictionary<string, FieldRole> Build()
    {
        var table = new Dictionary<string, FieldRole>(StringComparer.Ordinal);
        void Add(FieldRole role, params string[] names)
        {
            foreach (var n in names)
            {
                table[Key(n)] = role;
            }
        }

        Add(FieldRole.GivenName, "given_name", "first_name", "forename", "forenames", "given", "first", "fname", "given_names", "name_first", "esm", "نام");
        Add(FieldRole.FamilyName, "surname", "family_name", "last_name", "lastname", "lname", "family", "name_last", "family_names", "nam_khanevadegi", "نام خانوادگی");
        Add(FieldRole.FullName, "name", "full_name", "person_name", "victim_name");
        Add(FieldRole.OtherName, "father_name", "fathers_name", "father", "alias", "other_name", "nam_pedar", "نام پدر");
        Add(FieldRole.BirthDate, "date_of_birth", "dob", "birth_date", "birthdate", "born", "birth_year", "year_of_birth", "yob", "birthyear");
        Add(FieldRole.DeathDate, "date_of_death", "dod", "death_date", "died", "date_of_execution", "execution_date", "death_year", "executed", "date_executed", "killed", "date_killed");
        Add(FieldRole.Place, "city", "town", "suburb", "place", "birth_place", "place_of_birth", "birthplace", "village", "locality", "home_town", "hometown", "prison", "place_of_detention", "detention_place", "place_of_death");
        Add(FieldRole.Address, "address", "address_1", "address_2", "street", "street_address", "address_line_1", "address_line_2");
        Add(FieldRole.Postcode, "postcode", "post_code", "postal_code", "zip", "zipcode", "zip_code");
        Add(FieldRole.Number, "street_number", "house_number", "number");
        Add(FieldRole.Identifier, "soc_sec_id", "ssn", "social_security_number", "national_id", "national_code", "id_number", "passport", "passport_number");
        Add(FieldRole.Email, "email", "e_mail", "email_address");
        Add(FieldRole.Category, "state", "province", "country", "sex", "gender", "region", "county", "party", "organisation", "organization", "affiliation",
            "list", "list_id", "source", "source_list");
        Add(FieldRole.Ignore, "cluster", "true_id", "entity_id", "truth", "person_id", "source_dataset");
        Add(FieldRole.Marker, "synthetic", "is_synthetic", "marker");
        return table;
    }
}
