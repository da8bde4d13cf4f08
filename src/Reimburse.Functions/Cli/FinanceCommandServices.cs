using System.CommandLine;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Finance;
using Reimburse.Functions.Payouts;

namespace Reimburse.Functions.Cli;

/// <summary>
/// The services of finance's commands (export, settle) and of reindex: the claim runner's parts (commands go through
/// the same executor as the app's), the bank list, the paying account and finance's batches.
/// </summary>
internal static class FinanceCommandServices
{
    /// <summary>Exit codes of the finance commands (also in the README).</summary>
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Configuration = 2;

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddClaims(configuration);
        services.AddReimburseBanking(configuration);
        services.AddReimbursePayouts(configuration);
        services.AddFinance(configuration);
    }

    /// <summary>
    /// The finance actor of a command: whoever runs it (<c>--as</c>, else the operating-system user), recorded on every
    /// event as <c>cli:NAME</c>. The command line has the storage keys, so the name is declared, not proven.
    /// </summary>
    public static Actor Actor(string? name)
    {
        var who = string.IsNullOrWhiteSpace(name) ? Environment.UserName : name.Trim();
        return Reimburse.Claims.Actor.Finance("cli:" + who);
    }

    public static Option<string?> AsOption() =>
        new("--as") { Description = "Your name for the audit trail (default: the operating-system user); recorded as cli:NAME." };

    /// <summary>Creates the claim and finance storage (the app does it at start; a command may run first).</summary>
    public static async Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ClaimStorage>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<FinanceStorage>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
    }
}
