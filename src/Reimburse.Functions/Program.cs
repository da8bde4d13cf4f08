using Reimburse.Functions.Cli;
using Reimburse.Functions.Hosting;

// Two faces of one executable: the `reimburse` command line (up, token, bench, import, …) and the web app that
// the Azure Functions host runs as a custom handler. With no command (or `serve`), it serves.
if (ReimburseCli.IsCommand(args))
{
    return await ReimburseCli.RunAsync(args).ConfigureAwait(false);
}

var app = ReimburseApp.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
