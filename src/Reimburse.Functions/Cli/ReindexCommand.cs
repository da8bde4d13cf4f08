using System.CommandLine;
using Reimburse.Functions.Claims;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse reindex`: rebuilds the claim status index (the reviewers' and finance's queues) from the claims' state
/// rows — after restoring storage, or for claims created before the index existed. Safe while the app runs.
/// </summary>
public static class ReindexCommand
{
    public static Command Create()
    {
        var command = new Command("reindex", "Rebuild the claim status index (review queue, approved claims) from the claims' state rows.");
        command.SetAction((parseResult, cancellationToken) => CustomerCommandServices.RunAsync(FinanceCommandServices.Register, async services =>
        {
            await services.GetRequiredService<ClaimStorage>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var (claims, removed) = await services.GetRequiredService<ClaimStatusIndex>()
                .RebuildAsync(services.GetRequiredService<ClaimStore>(), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Claim status index rebuilt: {claims:N0} claim(s) indexed, {removed:N0} stale row(s) removed.");
            return FinanceCommandServices.Ok;
        }, cancellationToken));
        return command;
    }
}
