namespace Dossier.Cli.Tests;

[Collection(CliCollection.Name)]
public class ExitCodeTests
{
    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var result = Cli.Run("frobnicate");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("frobnicate");
    }

    [Fact]
    public void A_missing_required_option_is_a_usage_error()
    {
        Cli.Run("export", "--workspace", Cli.NewWorkspace()).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Commands_on_a_folder_without_a_workspace_say_so_and_exit_2()
    {
        var empty = Cli.NewWorkspace();

        var result = Cli.Run("verify", "--workspace", empty);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("dossier init");
    }

    [Fact]
    public void Help_is_available_on_every_command()
    {
        foreach (var command in new[] { "init", "demo", "serve", "import", "export", "search", "show", "verify", "rebuild" })
        {
            var result = Cli.Run(command, "--help");
            result.ExitCode.ShouldBe(0, command);
            result.Output.ShouldContain("--workspace", customMessage: command);
        }
    }

    [Fact]
    public void The_command_list_keeps_estimate_to_one_line_and_its_own_help_explains_the_assumptions()
    {
        var root = Cli.Run("--help");
        var estimate = Cli.Run("estimate", "--help");

        root.ExitCode.ShouldBe(0);
        root.Output.ShouldNotContain("Closed population");
        estimate.ExitCode.ShouldBe(0);
        estimate.Output.ShouldContain("--method");
        estimate.Output.ShouldContain("Closed population");
        estimate.Output.ShouldContain("Heterogeneous capture");
    }

    [Fact]
    public void Init_then_verify_says_there_is_nothing_to_verify()
    {
        var workspace = Cli.NewWorkspace();

        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var verify = Cli.Run("verify", "--workspace", workspace);

        // An empty ledger is not evidence of anything: it is what an emptied database looks like too.
        verify.ExitCode.ShouldBe(1);
        verify.Error.ShouldContain("the ledger holds no entries: nothing was verified");
    }

    [Fact]
    public void Show_of_an_unknown_id_fails_with_1()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace);

        Cli.Run("show", "nobody", "--workspace", workspace).ExitCode.ShouldBe(1);
    }
}
