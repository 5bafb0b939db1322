using Dossier.Domain.Records;

namespace Dossier.Web.Visuals;

/// <summary>A record's label in the reader's language where the record has one: the Persian name in the Persian UI.</summary>
internal static class Labels
{
    public static string In(Record record, bool persian)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!persian)
        {
            return record.Label;
        }

        return record switch
        {
            Person p => p.Names.FirstOrDefault(n => n.Script == "Arab" && n.Kind == NameKind.Full)?.Text,
            Organization o => o.Names.FirstOrDefault(n => n.Script == "Arab")?.Text,
            Place p => p.Names.FirstOrDefault(n => n.Script == "Arab")?.Text,
            Event e => e.TitleFa,
            Proceeding p => p.TitleFa,
            Hearing h => h.DescriptionFa,
            _ => null,
        } ?? record.Label;
    }
}
