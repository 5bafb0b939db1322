using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dossier.Domain.Records;

namespace Dossier.Application.Exchange.Sheets;

/// <summary>How a column's cells become a record's field.</summary>
public enum FieldShape
{
    /// <summary>One value: text, a number, a date, true/false or one of a set of names.</summary>
    Value,

    /// <summary>A list of ids or words, separated by <c>;</c> (or the Persian <c>؛</c>) in one cell.</summary>
    List,

    /// <summary>One name of a person, organisation or place; its script is read from its letters.</summary>
    Name,

    /// <summary>The version a row expects to update (no lost updates); not a field of the record.</summary>
    Version,
}

/// <summary>A field a column can be mapped to: <see cref="Path"/> is the record's member (<c>born</c>, <c>quantity.value</c>) or a name part (<c>name.given</c>).</summary>
public sealed record SheetField(string Path, FieldShape Shape, Type ValueType, NameKind? NamePart = null);

/// <summary>
/// The fields of each record kind a spreadsheet column can fill, derived from the same type information the
/// workspace format is read with (so they cannot drift from the records), and the guess of a column's field
/// from its header in English or Persian.
/// </summary>
public static class SheetFields
{
    public const string Version = "version";

    /// <summary>Kinds a sheet can hold: flat records. Interviews, statements and cases carry consent, sealed words and proof lists that a row cannot express.</summary>
    public static IReadOnlyList<RecordKind> Kinds { get; } =
    [
        RecordKind.Person, RecordKind.Organization, RecordKind.Place, RecordKind.Event, RecordKind.Act, RecordKind.Involvement,
        RecordKind.Position, RecordKind.Source, RecordKind.Claim, RecordKind.Proceeding, RecordKind.Hearing, RecordKind.Ruling, RecordKind.Allegation,
    ];

    // Header words (English and Persian) for fields whose member name is not what people write; compared after Key().
    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms();

    public static IReadOnlyList<SheetField> For(RecordKind kind)
    {
        var info = FieldCheck.Options.GetTypeInfo(RecordKinds.ClrType(kind));
        var fields = new List<SheetField>();
        foreach (var property in info.Properties)
        {
            if (property.Name == "names")
            {
                fields.Add(new SheetField("name", FieldShape.Name, typeof(string), NameKind.Full));
                if (kind == RecordKind.Person)
                {
                    fields.Add(new SheetField("name.given", FieldShape.Name, typeof(string), NameKind.Given));
                    fields.Add(new SheetField("name.family", FieldShape.Name, typeof(string), NameKind.Family));
                    fields.Add(new SheetField("name.father", FieldShape.Name, typeof(string), NameKind.Father));
                }

                continue;
            }

            var type = property.PropertyType;
            if (IsValue(type))
            {
                fields.Add(new SheetField(property.Name, FieldShape.Value, type));
            }
            else if (ElementOf(type) == typeof(string))
            {
                fields.Add(new SheetField(property.Name, FieldShape.List, typeof(string)));
            }
            else if (FieldCheck.Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object)
            {
                // One level down (a claim's quantity): its values and lists of words.
                foreach (var inner in FieldCheck.Options.GetTypeInfo(type).Properties)
                {
                    if (IsValue(inner.PropertyType))
                    {
                        fields.Add(new SheetField($"{property.Name}.{inner.Name}", FieldShape.Value, inner.PropertyType));
                    }
                    else if (ElementOf(inner.PropertyType) == typeof(string))
                    {
                        fields.Add(new SheetField($"{property.Name}.{inner.Name}", FieldShape.List, typeof(string)));
                    }
                }
            }
        }

        fields.Add(new SheetField(Version, FieldShape.Version, typeof(int)));
        return fields;
    }

    /// <summary>The field a header names, or null: a member's own name in any spelling (<c>place_id</c>, <c>Place ID</c>) or a common English or Persian word for it.</summary>
    public static string? Guess(RecordKind kind, string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var key = Key(header);
        var fields = For(kind);
        if (fields.FirstOrDefault(f => Key(f.Path) == key) is { } exact)
        {
            return exact.Path;
        }

        return Synonyms.TryGetValue(key, out var path) && fields.Any(f => f.Path == path) ? path : null;
    }

    /// <summary>A header or field name compared without case, spaces, joiners, dots, dashes and underscores.</summary>
    internal static string Key(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-' or '.' or '\u200c' or '\u200d' or '\u200f' or '\u200e')
            {
                continue;
            }

            // Arabic and Persian forms of the same letters (ي/ی, ك/ک) name the same column.
            builder.Append(c switch { 'ي' => 'ی', 'ك' => 'ک', _ => char.ToLowerInvariant(c) });
        }

        return builder.ToString();
    }

    private static bool IsValue(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        return bare == typeof(string) || bare.IsPrimitive || bare.IsEnum || bare == typeof(double) || bare == typeof(decimal) || bare == typeof(Dossier.Domain.FuzzyDate);
    }

    private static Type? ElementOf(Type type) =>
        type != typeof(string) && FieldCheck.Options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? element : null;

    private static Dictionary<string, string> BuildSynonyms()
    {
        var table = new (string Path, string[] Words)[]
        {
            ("id", ["record id", "شناسه", "کد"]),
            ("name", ["full name", "نام کامل", "نام و نام خانوادگی", "اسم"]),
            ("name.given", ["given name", "first name", "first", "forename", "نام", "نام کوچک"]),
            ("name.family", ["family name", "surname", "last name", "last", "نام خانوادگی", "فامیل"]),
            ("name.father", ["father name", "father's name", "fathers name", "نام پدر"]),
            ("aliases", ["alias", "aka", "نام مستعار", "نام‌های دیگر"]),
            ("sex", ["gender", "جنسیت", "جنس"]),
            ("born", ["birth", "birth date", "date of birth", "dob", "birth year", "تولد", "تاریخ تولد", "سال تولد"]),
            ("died", ["death", "death date", "date of death", "executed", "تاریخ فوت", "فوت", "تاریخ اعدام", "اعدام"]),
            ("description", ["شرح", "توضیحات", "توضیح"]),
            ("notes", ["note", "یادداشت", "یادداشت‌ها"]),
            ("sources", ["source", "source ids", "منبع", "منابع"]),
            ("classification", ["طبقه‌بندی", "سطح دسترسی"]),
            ("synthetic", ["ساختگی"]),
            ("title", ["عنوان"]),
            ("titleFa", ["title fa", "persian title", "عنوان فارسی"]),
            ("date", ["تاریخ"]),
            ("type", ["نوع"]),
            ("latitude", ["lat", "عرض جغرافیایی"]),
            ("longitude", ["lon", "lng", "long", "طول جغرافیایی"]),
            ("placeId", ["place", "مکان"]),
            ("statement", ["ادعا", "متن"]),
            ("quantity.value", ["value", "figure", "count", "number", "تعداد", "رقم"]),
            (Version, ["نسخه"]),
        };
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, words) in table)
        {
            foreach (var word in words)
            {
                synonyms[Key(word)] = path;
            }
        }

        return synonyms;
    }
}
