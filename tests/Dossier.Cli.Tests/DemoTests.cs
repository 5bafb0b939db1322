namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class DemoTests
{
    private static readonly Lazy<string> Workspace = new(() =>
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(0);
        return workspace;
    });

    [Theory]
    [InlineData("Nouri", "hamid-noury")]
    [InlineData("Nuri", "hamid-noury")]
    [InlineData("Noury", "hamid-noury")]
    [InlineData("نوری", "hamid-noury")]
    [InlineData("Abbasi", "hamid-noury")]
    [InlineData("Pourmohammadi", "mostafa-pour-mohammadi")]
    [InlineData("پورمحمدی", "mostafa-pour-mohammadi")]
    [InlineData("Raisi", "ebrahim-raisi")]
    [InlineData("رئیسی", "ebrahim-raisi")]
    public void The_demo_finds_people_across_spellings_and_scripts(string query, string expected)
    {
        var result = Cli.Run("search", query, "--kind", "person", "--workspace", Workspace.Value);

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain(expected);
    }

    [Fact]
    public void The_demo_records_the_competing_death_toll_claims_with_their_sources()
    {
        var result = Cli.Run("show", "massacre-1988", "--workspace", Workspace.Value);

        result.Output.ShouldContain("claim");
        var toll = Cli.Run("search", "executed", "--kind", "claim", "--limit", "50", "--workspace", Workspace.Value);
        toll.ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_demo_verifies_and_a_second_build_replaces_it()
    {
        Cli.Run("verify", "--workspace", Workspace.Value).ExitCode.ShouldBe(0);

        var again = Cli.Run("demo", "--no-serve", "--workspace", Workspace.Value);

        again.ExitCode.ShouldBe(0);
        Cli.Run("verify", "--workspace", Workspace.Value).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_demo_refuses_to_overwrite_a_workspace_it_did_not_make()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);

        Cli.Run("demo", "--no-serve", "--workspace", workspace).ExitCode.ShouldBe(2);
    }
}
