using System.CommandLine;
using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse serve`: the web app alone (as the Functions host runs it).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Serve the app (storage and secrets from configuration; the Functions host runs this).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = ReimburseApp.Build([.. parseResult.UnmatchedTokens]);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
