using System.CommandLine;

namespace Reimburse.Functions.Cli;

/// <summary>The `reimburse` command line: every command is a static class with a `Create` method.</summary>
public static class ReimburseCli
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Reimburse: card-reissue fee refunds after a data breach.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(IncidentCommand.Create());
        root.Subcommands.Add(ImportCustomersCommand.Create());
        root.Subcommands.Add(IssueCodesCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create(CliConfiguration.Build()));
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(SettleCommand.Create());
        root.Subcommands.Add(ReindexCommand.Create());
        root.Subcommands.Add(PackageCommand.Create());
        return root;
    }

    /// <summary>True when the arguments name a command (otherwise the app serves, e.g. under WebApplicationFactory).</summary>
    public static bool IsCommand(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return false;
        }
        if (args[0] is "--help" or "-h" or "-?" or "--version")
        {
            return true;
        }
        return CreateRoot().Subcommands.Any(c => c.Name == args[0]);
    }

    /// <summary>
    /// How long a command may take to stop after Ctrl-C before the process ends with 130. System.CommandLine's default
    /// (2 s) cuts short what a clean stop needs: `up` stops the app, its queue runner and Azurite (which saves its data),
    /// and a busy machine takes longer than that.
    /// </summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static Task<int> RunAsync(string[] args) =>
        CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = StopTimeout });
}
