using System.CommandLine;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse bench …`: the benchmarks whose output the issue notes quote.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        command.Subcommands.Add(BenchImportCommand.Create());
        return command;
    }
}
