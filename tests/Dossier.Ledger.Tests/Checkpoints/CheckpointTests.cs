using System.Security.Cryptography;
using Dossier.Ledger.Checkpoints;

namespace Dossier.Ledger.Tests.Checkpoints;

public sealed class CheckpointTests
{
    // The example of c2sp.org/tlog-checkpoint.
    private const string SpecBody = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    private const string SpecNote = SpecBody + "\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

    [Fact]
    public void Parse_should_read_the_c2sp_example_and_write_it_back_byte_for_byte()
    {
        var checkpoint = Checkpoint.Parse(SpecBody);
        checkpoint.Origin.ShouldBe("example.com/behind-the-sofa");
        checkpoint.Size.ShouldBe(20852163);
        Convert.ToBase64String(checkpoint.RootHash).ShouldBe("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
        checkpoint.Extensions.ShouldBeEmpty();
        checkpoint.ToNoteText().ShouldBe(SpecBody);
    }

    [Fact]
    public void SignedNote_should_split_the_c2sp_example_at_the_last_blank_line()
    {
        var note = SignedNote.Parse(SpecNote);
        note.Text.ShouldBe(SpecBody);
        note.Signatures.Count.ShouldBe(1);
        note.Signatures[0].KeyName.ShouldBe("example.com/behind-the-sofa");
        note.Signatures[0].KeyId.ShouldBe(0x033de0aeu);
        note.Signatures[0].Signature.Length.ShouldBe(64, "an Ed25519 signature");
        note.ToString().ShouldBe(SpecNote);
    }

    [Fact]
    public void Extension_lines_should_survive_a_round_trip()
    {
        var checkpoint = new Checkpoint("dossier.example/noury", 0, SHA256.HashData([]), ["witness: none", "x"]);
        Checkpoint.Parse(checkpoint.ToNoteText()).ShouldBe(checkpoint);
    }

    [Theory]
    [InlineData("origin\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "line 2")]
    [InlineData("origin\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "line 2")]
    [InlineData("origin\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "line 2")]
    [InlineData("origin\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n", "line 3")]
    [InlineData("origin\n12\nnot base64!\n", "line 3")]
    [InlineData("origin\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "newline")]
    [InlineData("origin\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "line 4")]
    [InlineData("\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "line 1")]
    [InlineData("origin\n12\n", "line(s)")]
    public void Parse_should_name_the_line_that_is_wrong(string text, string expected)
    {
        Checkpoint.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldContain(expected);
    }
}
