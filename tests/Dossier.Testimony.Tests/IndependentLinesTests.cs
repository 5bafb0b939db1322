namespace Dossier.Testimony.Tests;

public sealed class IndependentLinesTests
{
    private static Statement S(string id, string witness, string intermediary = "", Stance stance = Stance.Supports, string allegation = "a1",
        string interviewer = "", string organization = "") =>
        new(id, witness, allegation, stance, interviewer, intermediary, organization, "en", "text of " + id);

    [Fact]
    public void Same_witness_same_intermediary_and_near_copies_join_statements_into_one_line_and_say_why()
    {
        var statements = new[]
        {
            S("s1", "w1"), S("s2", "w1"),               // one witness twice
            S("s3", "w3", intermediary: "Iran HRM"), S("s4", "w4", intermediary: "iran-hrm"), // one intermediary, spelt two ways
            S("s5", "w5"), S("s6", "w6"),               // near-copies
            S("s7", "w7"),                              // on its own
        };
        var copies = new[] { new NearCopy("s5", "s6", 0.8) };

        var row = IndependentLines.Count(statements, copies).Single(r => r.Stance == Stance.Supports);

        row.Statements.Count.ShouldBe(7);
        row.Lines.Select(l => string.Join(' ', l.StatementIds)).ShouldBe(["s1 s2", "s3 s4", "s5 s6", "s7"]);
        row.Lines[0].Joins.Single().Reason.ShouldBe(JoinReason.SameWitness);
        row.Lines[1].Joins.Single().ToString().ShouldBe("s3 and s4: same intermediary iran-hrm");
        row.Lines[2].Joins.Single().ToString().ShouldBe("s5 and s6: near-copies (score 0.80)");
        row.Lines[3].Joins.ShouldBeEmpty();
    }

    [Fact]
    public void Lines_are_connected_components_so_joins_chain()
    {
        var statements = new[] { S("s1", "w1", intermediary: "x"), S("s2", "w2", intermediary: "x"), S("s3", "w2"), S("s4", "w4") };
        var copies = new[] { new NearCopy("s3", "s4", 0.5) };

        IndependentLines.Count(statements, copies).Single(r => r.Stance == Stance.Supports).Lines.Count.ShouldBe(1);
    }

    [Fact]
    public void A_shared_interviewer_or_organisation_is_a_warning_not_a_join()
    {
        var statements = new[] { S("s1", "w1", interviewer: "Ms A", organization: "Org"), S("s2", "w2", interviewer: "ms a", organization: "Org") };

        var row = IndependentLines.Count(statements, []).Single(r => r.Stance == Stance.Supports);

        row.Lines.Count.ShouldBe(2);
        row.Warnings.Select(w => w.What).Order(StringComparer.Ordinal).ShouldBe(["interviewer", "organization"]);
        row.Warnings[0].ToString().ShouldBe("lines 1, 2 share the interviewer Ms A");
    }

    [Fact]
    public void Stances_are_counted_apart_and_every_allegation_gets_both_rows()
    {
        var statements = new[] { S("s1", "w1"), S("s2", "w1", stance: Stance.Contradicts), S("s3", "w3", allegation: "a0") };
        var copies = new[] { new NearCopy("s1", "s2", 0.9) }; // different stances: never joined

        var rows = IndependentLines.Count(statements, copies);

        rows.Select(r => $"{r.AllegationId} {Stances.Name(r.Stance)} {r.Statements.Count} {r.Lines.Count}")
            .ShouldBe(["a0 supports 1 1", "a0 contradicts 0 0", "a1 supports 1 1", "a1 contradicts 1 1"]);
    }
}
