using System.Text.Json.Nodes;
using Dossier.Application.Protection;
using Dossier.Testimony;

namespace Dossier.Application.Testimony;

/// <summary>
/// The one JSON shape of an allegation's analysis, for the API and `dossier testimony report --json`
/// (docs/testimony.md): counts, lines with the reason of every join, near-copies, contradictions and what was
/// left out. It names statements and witnesses by id (a protected witness's id is the pseudonym) and never
/// carries a statement's words.
/// </summary>
public static class TestimonyJson
{
    public static JsonObject Allegation(AllegationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["id"] = report.Allegation.Id,
            ["text"] = report.Allegation.Text,
            ["accused"] = Strings(report.Allegation.AccusedIds),
            ["supports"] = Side(report.Supporting),
            ["contradicts"] = Side(report.Contradicting),
            ["nearCopies"] = new JsonArray([.. report.NearCopies.Select(c => (JsonNode)new JsonObject
            {
                ["left"] = c.LeftId,
                ["right"] = c.RightId,
                ["score"] = Math.Round(c.Score, 3),
            })]),
            ["contradictions"] = new JsonArray([.. report.Contradictions.Select(Contradiction)]),
            ["leftOut"] = new JsonArray([.. report.LeftOut.Select(s => (JsonNode)new JsonObject
            {
                ["statement"] = s.Id,
                ["why"] = WhyLeftOut(s),
            })]),
        };
    }

    /// <summary>Why a statement does not count: withdrawn, shredded, key-unavailable or tampered.</summary>
    public static string WhyLeftOut(StatementView statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.Withdrawn ? "withdrawn" : statement.Access switch
        {
            StatementAccess.Shredded => "shredded",
            StatementAccess.KeyUnavailable => "key-unavailable",
            StatementAccess.Tampered => "tampered",
            _ => "counted",
        };
    }

    public static JsonObject Contradiction(Contradiction contradiction)
    {
        ArgumentNullException.ThrowIfNull(contradiction);
        var json = new JsonObject
        {
            ["kind"] = contradiction.Kind switch
            {
                ContradictionKind.OpposingStances => "opposing-stances",
                ContradictionKind.TwoPlacesAtOnce => "two-places-at-once",
                _ => "event-dates",
            },
            ["statements"] = Strings(contradiction.StatementIds),
            ["allegations"] = Strings(contradiction.AllegationIds),
        };
        if (contradiction.PersonId is not null)
        {
            json["person"] = contradiction.PersonId;
        }

        if (contradiction.PlaceIds.Count > 0)
        {
            json["places"] = Strings(contradiction.PlaceIds);
        }

        if (contradiction.EventId is not null)
        {
            json["event"] = contradiction.EventId;
        }

        if (contradiction.Times.Count > 0)
        {
            json["times"] = Strings(contradiction.Times.Select(t => t.ToString()));
        }

        return json;
    }

    private static JsonObject Side(AllegationLines lines) => new()
    {
        ["statements"] = lines.Statements.Count,
        ["lines"] = lines.Lines.Count,
        ["groups"] = new JsonArray([.. lines.Lines.Select(line => (JsonNode)new JsonObject
        {
            ["statements"] = Strings(line.StatementIds),
            ["joins"] = new JsonArray([.. line.Joins.Select(Join)]),
        })]),
        ["warnings"] = new JsonArray([.. lines.Warnings.Select(w => (JsonNode)new JsonObject
        {
            ["shared"] = w.What,
            ["value"] = w.Shared,
            ["lines"] = new JsonArray([.. w.Lines.Select(l => (JsonNode)JsonValue.Create(l + 1))]),
        })]),
    };

    private static JsonNode Join(Join join)
    {
        var json = new JsonObject
        {
            ["left"] = join.LeftId,
            ["right"] = join.RightId,
            ["reason"] = join.Reason switch
            {
                JoinReason.SameWitness => "same-witness",
                JoinReason.SameIntermediary => "same-intermediary",
                _ => "near-copy",
            },
        };
        if (join.Shared is not null)
        {
            json["shared"] = join.Shared;
        }

        if (join.Score is { } score)
        {
            json["score"] = Math.Round(score, 3);
        }

        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

}
