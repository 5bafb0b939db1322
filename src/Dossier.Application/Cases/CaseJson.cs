using System.Text.Json.Nodes;

namespace Dossier.Application.Cases;

/// <summary>The one JSON shape of an analysed case, for the API and `dossier case show --json` (docs/cases.md).</summary>
public static class CaseJson
{
    public static JsonObject Case(CaseView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new JsonObject
        {
            ["id"] = view.Case.Id,
            ["title"] = view.Case.Title,
            ["synthetic"] = view.Case.Synthetic,
            ["accused"] = Strings(view.Case.AccusedIds),
            ["period"] = view.Case.Period?.ToString(),
            ["status"] = view.Case.Status,
            ["posts"] = new JsonArray([.. view.Posts.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["role"] = p.Role,
                ["organization"] = p.OrganizationId,
                ["from"] = p.From?.ToString(),
                ["to"] = p.To?.ToString(),
            })]),
            ["charges"] = new JsonArray([.. view.Charges.Select(c => (JsonNode)new JsonObject
            {
                ["crime"] = c.Crime.Id,
                ["crimeTitle"] = c.Crime.Title,
                ["mode"] = c.Mode.Id,
                ["modeTitle"] = c.Mode.Title,
                ["elements"] = new JsonArray([.. c.Elements.Select(Element)]),
            })]),
            ["gaps"] = new JsonArray([.. view.Gaps.Select(Gap)]),
        };
    }

    public static JsonObject Gap(Gap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return new JsonObject
        {
            ["crime"] = gap.CrimeId,
            ["mode"] = gap.ModeId,
            ["element"] = gap.Element.Id,
            ["kind"] = gap.Name,
            ["close"] = gap.Close,
        };
    }

    private static JsonNode Element(ElementView element) => new JsonObject
    {
        ["id"] = element.Element.Id,
        ["part"] = element.Part,
        ["kind"] = element.Element.Kind.ToString().ToLowerInvariant(),
        ["text"] = element.Element.Text,
        ["cite"] = element.Element.Cite,
        ["lines"] = element.Lines,
        ["proof"] = new JsonArray([.. element.Proof.Select(p => (JsonNode)new JsonObject
        {
            ["source"] = p.Source.ToString().ToLowerInvariant(),
            ["target"] = p.Target,
            ["counts"] = p.Counts,
            ["lines"] = p.Lines,
            ["grade"] = p.Grade?.ToString(),
            ["disclosable"] = p.Disclosable,
            ["automatic"] = p.Automatic,
            ["strength"] = p.Strength,
        })]),
        ["gaps"] = new JsonArray([.. element.Gaps.Select(g => (JsonNode)JsonValue.Create(g.Name))]),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
