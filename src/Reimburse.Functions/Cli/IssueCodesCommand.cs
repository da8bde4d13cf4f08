using System.CommandLine;
using Reimburse.Functions.Customers;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse issue-codes --incident ID`: issues claim codes and writes the mail-merge file (the only copy of the codes).</summary>
public static class IssueCodesCommand
{
    public static Command Create()
    {
        var incident = new Option<string>("--incident") { Description = "The incident.", Required = true };
        var customers = new Option<string[]>("--customer") { Description = "Re-issue for these customer ids only (their old codes stop working).", AllowMultipleArgumentsPerToken = true };
        var run = new Option<string?>("--reissue-run") { Description = "Re-issue for everyone whose code came from this run (e.g. its file was lost)." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the mail-merge file (default: INCIDENT-RUN-mailing.csv here). Never overwritten." };
        var command = new Command("issue-codes", "Issue claim codes to affected customers and write the mail-merge file for the notice mailing.")
        {
            incident, customers, run, output,
        };
        command.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(async services =>
        {
            var incidentId = parseResult.GetValue(incident)!;
            var ids = parseResult.GetValue(customers) ?? [];
            var reissueRun = parseResult.GetValue(run);
            if (ids.Length > 0 && reissueRun is not null)
            {
                await Console.Error.WriteLineAsync("Give --customer or --reissue-run, not both.").ConfigureAwait(false);
                return 1;
            }
            var outPath = parseResult.GetValue(output)?.FullName;
            if (outPath is not null && File.Exists(outPath))
            {
                await Console.Error.WriteLineAsync($"{outPath} exists; the mail-merge file is never overwritten. Choose another --out.").ConfigureAwait(false);
                return 1;
            }
            var scope = ids.Length > 0 ? IssueScope.Customers(ids) : reissueRun is not null ? IssueScope.Run(reissueRun) : IssueScope.WithoutCode;
            var issuer = services.GetRequiredService<ClaimCodeIssuer>();
            var result = await issuer.IssueAsync(incidentId, scope, cancellationToken).ConfigureAwait(false);
            if (result.RunId is null)
            {
                Console.WriteLine($"Every affected customer of {incidentId} already holds a code; nothing was issued.");
                return 0;
            }
            outPath ??= Path.GetFullPath($"{incidentId}-{result.RunId}-mailing.csv");
            var mailing = await issuer.TakeMailingAsync(incidentId, result.RunId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The run's mail-merge file was taken by someone else.");
            await using (mailing.ConfigureAwait(false))
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                await using var local = new FileStream(outPath, options);
                await mailing.CopyToAsync(local, cancellationToken).ConfigureAwait(false);
            }
            await issuer.ForgetMailingAsync(incidentId, result.RunId, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Issued {result.Issued:#,0} claim codes for {incidentId} (run {result.RunId}); {result.Invalidated:#,0} earlier codes no longer work.");
            Console.WriteLine($"Mail-merge file: {outPath}");
            Console.WriteLine("It is the only copy of these codes: hand it to the mailing, then delete it.");
            return 0;
        }, cancellationToken));
        return command;
    }
}
