using Dossier.Documents;
using Dossier.Web.Documents;

namespace Dossier.Web.Tests;

/// <summary>The form's box notation, one box a line, and the boxes as the custody note keeps them (ADR 1814).</summary>
public sealed class EvidenceRedactionNotationTests
{
    [Fact]
    public void The_form_reads_one_box_a_line_and_names_the_first_line_it_cannot_read()
    {
        EvidenceRedaction.ParseLines("1:10,20,30,40\r\n\n 2:0,0,5,5 \n7,8,9,10", out var error).ShouldBe(
            [new RedactionRegion(1, 10, 20, 30, 40), new RedactionRegion(2, 0, 0, 5, 5), new RedactionRegion(1, 7, 8, 9, 10)]);
        error.ShouldBeNull();
        EvidenceRedaction.ParseLines("1:10,20,30,40\n1:10;20", out error).ShouldBeNull();
        error.ShouldBe("line 2");
        EvidenceRedaction.ParseLines(null, out _).ShouldBeEmpty();
    }

    [Fact]
    public void The_note_keeps_every_box_it_can_and_says_how_many_more_there_were()
    {
        EvidenceRedaction.Boxes([new RedactionRegion(1, 1, 2, 3, 4), new RedactionRegion(2, 5, 6, 7, 8)]).ShouldBe("1:1,2,3,4 2:5,6,7,8");
        var many = Enumerable.Range(0, 500).Select(i => new RedactionRegion(1, i, i, 1000, 1000)).ToList();
        var note = EvidenceRedaction.Boxes(many);
        note.Length.ShouldBeLessThan(1600);
        note.ShouldStartWith("1:0,0,1000,1000 1:1,1,1000,1000");
        note.ShouldEndWith("more)");
    }
}
