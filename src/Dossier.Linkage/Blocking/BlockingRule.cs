using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Blocking;

/// <summary>How a field contributes to a blocking key.</summary>
public enum KeyKind
{
    /// <summary>The normalised value (a date: the whole date).</summary>
    Exact,

    /// <summary>The phonetic key of a name.</summary>
    Phonetic,

    /// <summary>The year of a date.</summary>
    Year,

    /// <summary>The first four letters of a name's phonetic key: a typo or a garbled ending still meets.</summary>
    PhoneticPrefix,

    /// <summary>
    /// The consonants of a name's phonetic key, without the long vowels and the initial-vowel marker
    /// (Hosein/Hossein/Husein, حسین/حسن): the letters Persian writers drop, add or guess (ADR 0413).
    /// </summary>
    PhoneticSkeleton,

    /// <summary>The last four letters of a name's phonetic key: a typo early in the name still meets.</summary>
    PhoneticSuffix,
}

/// <summary>One part of a blocking key: a field (by column name) and how it is keyed.</summary>
public sealed record KeyPart(string Column, KeyKind Kind);

/// <summary>
/// A blocking rule: records whose key parts are all present and equal become candidate pairs.
/// <paramref name="Unordered"/> makes a two-part key order-free (given/family swapped still meet).
/// <paramref name="EstimatesM"/> false: the rule only proposes pairs; its pairs are no sample to fit m on
/// (a broad recall rule is mostly namesakes, and EM on it finds "same family" rather than "same person").
/// </summary>
public sealed record BlockingRule(string Name, IReadOnlyList<KeyPart> Parts, bool Unordered = false, bool EstimatesM = true)
{
    /// <summary>The default union of rules for the fields present.</summary>
    /// <param name="fields">The matched fields.</param>
    /// <param name="birthHasDays">False when birth dates are years only: then a birth date alone is no block.</param>
    public static IReadOnlyList<BlockingRule> Defaults(IReadOnlyList<FieldSpec> fields, bool birthHasDays = true)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string? Column(FieldRole role) => fields.FirstOrDefault(f => f.Role == role)?.Column;
        var given = Column(FieldRole.GivenName);
        var family = Column(FieldRole.FamilyName);
        var full = Column(FieldRole.FullName);
        var birth = Column(FieldRole.BirthDate);
        var death = Column(FieldRole.DeathDate);
        var place = Column(FieldRole.Place);
        var other = Column(FieldRole.OtherName);
        var rules = new List<BlockingRule>();
        if (family is not null && given is not null)
        {
            rules.Add(new("family+given phonetic (either order)", [new(family, KeyKind.Phonetic), new(given, KeyKind.Phonetic)], Unordered: true));
        }

        if (birth is not null)
        {
            if (family is not null)
            {
                rules.Add(new($"family phonetic+{birth} year", [new(family, KeyKind.Phonetic), new(birth, KeyKind.Year)]));
            }

            // Given names are few (Mohammad, Ali, …): a given name and a year alone make huge blocks
            // on big lists, so the place narrows them when there is one.
            if (given is not null && place is not null)
            {
                rules.Add(new($"given phonetic+{birth} year+{place}", [new(given, KeyKind.Phonetic), new(birth, KeyKind.Year), new(place, KeyKind.Phonetic)]));
            }
            else if (given is not null)
            {
                rules.Add(new($"given phonetic+{birth} year", [new(given, KeyKind.Phonetic), new(birth, KeyKind.Year)]));
            }

            if (full is not null)
            {
                rules.Add(new($"name phonetic+{birth} year", [new(full, KeyKind.Phonetic), new(birth, KeyKind.Year)]));
            }
        }

        // Deaths cluster in time (a massacre spans weeks), so the whole date, not the year, narrows a block.
        if (death is not null && family is not null)
        {
            rules.Add(new($"family phonetic+{death} exact", [new(family, KeyKind.Phonetic), new(death, KeyKind.Exact)]));
        }

        if (birth is not null && birthHasDays)
        {
            rules.Add(new($"{birth} exact", [new(birth, KeyKind.Exact)]));
        }

        if (full is not null)
        {
            rules.Add(new("name phonetic", [new(full, KeyKind.Phonetic)]));
        }

        foreach (var f in fields)
        {
            if (f.Role is FieldRole.Identifier or FieldRole.Email)
            {
                rules.Add(new($"{f.Column} exact", [new(f.Column, KeyKind.Exact)]));
            }
        }

        // Where people live: a name's phonetic key with the postcode (fine-grained) or the place (coarse:
        // family name only).
        var postcodeColumn = Column(FieldRole.Postcode);
        if (postcodeColumn is not null)
        {
            if (family is not null)
            {
                rules.Add(new($"family phonetic+{postcodeColumn}", [new(family, KeyKind.Phonetic), new(postcodeColumn, KeyKind.Exact)]));
            }

            if (given is not null)
            {
                rules.Add(new($"given phonetic+{postcodeColumn}", [new(given, KeyKind.Phonetic), new(postcodeColumn, KeyKind.Exact)]));
            }
        }

        if (place is not null && family is not null && birth is null)
        {
            rules.Add(new($"family phonetic+{place}", [new(family, KeyKind.Phonetic), new(place, KeyKind.Phonetic)]));
        }

        // A father's name (usual on Persian lists) with the given name and birth year catches a garbled
        // family name; without the year the blocks are large and mostly namesakes.
        if (other is not null && given is not null && birth is not null)
        {
            rules.Add(new($"given+{other} phonetic+{birth} year", [new(given, KeyKind.Phonetic), new(other, KeyKind.Phonetic), new(birth, KeyKind.Year)]));
        }

        // Without a birth year: the given and father's names with the start of the family name. Long
        // family names (Roshannejad Neyshaburi) collect a typo somewhere often enough that the full key fails.
        if (other is not null && given is not null && family is not null)
        {
            rules.Add(new($"given+{other} phonetic+family prefix", [new(given, KeyKind.Phonetic), new(other, KeyKind.Phonetic), new(family, KeyKind.PhoneticPrefix)]));
        }

        if (given is not null && family is not null && death is not null)
        {
            rules.Add(new($"given phonetic+family prefix+{death} exact", [new(given, KeyKind.Phonetic), new(family, KeyKind.PhoneticPrefix), new(death, KeyKind.Exact)]));
        }

        // Transcription: the vowels of a name are what romanisers guess and Persian writers drop or add,
        // so a name with a vowel written otherwise in both the given and the family name meets by its
        // consonants (ADR 0413).
        if (family is not null && given is not null)
        {
            rules.Add(new("family+given consonants (either order)", [new(family, KeyKind.PhoneticSkeleton), new(given, KeyKind.PhoneticSkeleton)], Unordered: true,
                EstimatesM: false));
        }

        // A typo or a dot misplaced late in the family name with the birth year, father's name and death
        // date all missing or different: the given name and the family name's start (ADR 0413).
        if (given is not null && family is not null && (other is not null || death is not null))
        {
            rules.Add(new("given phonetic+family prefix", [new(given, KeyKind.Phonetic), new(family, KeyKind.PhoneticPrefix)], EstimatesM: false));
        }

        // The same with a typo early in the family name: the given name and the family name's end.
        if (given is not null && family is not null && (other is not null || death is not null))
        {
            rules.Add(new("given phonetic+family suffix", [new(given, KeyKind.Phonetic), new(family, KeyKind.PhoneticSuffix)], EstimatesM: false));
        }

        // A damaged given name without a birth year: the family name and the father's name (ADR 0413).
        if (other is not null && family is not null)
        {
            rules.Add(new($"family+{other} phonetic", [new(family, KeyKind.Phonetic), new(other, KeyKind.Phonetic)], EstimatesM: false));
        }

        // A typo in the given name with the birth year, father's name and death date missing or different:
        // the family name alone, where its blocks are small (a rare family name; ADR 1818). A common family
        // name's block is split by the given name, which the first rule already pairs, so it costs little.
        if (family is not null && given is not null)
        {
            rules.Add(new("family phonetic", [new(family, KeyKind.Phonetic)], EstimatesM: false));
        }

        var postcode = Column(FieldRole.Postcode);
        var address = Column(FieldRole.Address);
        if (postcode is not null && address is not null)
        {
            rules.Add(new($"{postcode}+{address} exact", [new(postcode, KeyKind.Exact), new(address, KeyKind.Exact)]));
        }

        return rules;
    }
}
