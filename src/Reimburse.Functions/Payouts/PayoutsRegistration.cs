using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Reimburse.Banking;
using Reimburse.Payouts;

namespace Reimburse.Functions.Payouts;

/// <summary>Where the bank code list is.</summary>
public sealed class BankingOptions
{
    public const string SectionName = "Banking";

    /// <summary>
    /// Path of zengin-code's <c>lib/zengin-data.js</c>. Empty: the copy the build puts under the app's folder, or
    /// the repository's node_modules.
    /// </summary>
    public string? ZenginDataPath { get; set; }
}

/// <summary>
/// The company's account that refunds are paid from (振込依頼人), as the bank registered it for 総合振込.
/// Bank and branch names come from the bank list.
/// </summary>
public sealed class ZenginRequesterOptions
{
    public const string SectionName = "Payouts:Requester";

    /// <summary>依頼人コード (委託者コード) the bank assigned, up to 10 digits.</summary>
    [Required]
    [RegularExpression("^[0-9]{1,10}$", ErrorMessage = "Payouts:Requester:RequesterCode must be 1 to 10 digits.")]
    public string RequesterCode { get; set; } = string.Empty;

    /// <summary>The company's name as registered with the bank, in kana (converted to Zengin half-width kana), at most 40.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>4-digit bank code of the paying account.</summary>
    [Required]
    [RegularExpression("^[0-9]{4}$", ErrorMessage = "Payouts:Requester:BankCode must be 4 digits.")]
    public string BankCode { get; set; } = string.Empty;

    /// <summary>3-digit branch code of the paying account.</summary>
    [Required]
    [RegularExpression("^[0-9]{3}$", ErrorMessage = "Payouts:Requester:BranchCode must be 3 digits.")]
    public string BranchCode { get; set; } = string.Empty;

    /// <summary>Ordinary or Current (当座, the usual account for company payments).</summary>
    public AccountType DepositType { get; set; } = AccountType.Current;

    /// <summary>The paying account's number, up to 7 digits.</summary>
    [Required]
    [RegularExpression("^[0-9]{1,7}$", ErrorMessage = "Payouts:Requester:AccountNumber must be 1 to 7 digits.")]
    public string AccountNumber { get; set; } = string.Empty;

    /// <summary>A made-up paying account (みずほ 東京営業部) for local development and the export benchmark.</summary>
    internal static ZenginRequesterOptions Development() => new()
    {
        RequesterCode = "1234567890",
        Name = "カブシキガイシャ リンペイ",
        BankCode = "0001",
        BranchCode = "001",
        DepositType = AccountType.Current,
        AccountNumber = "1234567",
    };

    /// <summary>The Zengin header values, with names from <paramref name="banks"/>.</summary>
    /// <exception cref="InvalidOperationException">The name has no Zengin form, or the bank or branch is not in the list.</exception>
    public ZenginRequester ToRequester(IBankDirectory banks)
    {
        ArgumentNullException.ThrowIfNull(banks);
        if (!ZenginKana.TryToZenginKana(Name, out var name, out var error))
        {
            throw new InvalidOperationException("Payouts:Requester:Name: " + error);
        }
        if (name.Length > 40)
        {
            throw new InvalidOperationException("Payouts:Requester:Name is longer than 40 Zengin characters: " + name);
        }
        var bank = banks.FindBank(BankCode) ?? throw new InvalidOperationException("Payouts:Requester:BankCode " + BankCode + " is not in the bank code list.");
        var branch = banks.FindBranch(BankCode, BranchCode) ?? throw new InvalidOperationException("Payouts:Requester:BranchCode " + BankCode + "-" + BranchCode + " is not in the bank code list.");
        return new ZenginRequester(RequesterCode, name, bank.Code, bank.ZenginKana, branch.Code, branch.ZenginKana, DepositType, AccountNumber);
    }
}

public static class PayoutsRegistration
{
    /// <summary>
    /// Registers the bank list (<see cref="IBankDirectory"/>), loaded while the app starts: a missing or broken
    /// list stops the start with a message that says where it looked and what to do.
    /// </summary>
    public static IServiceCollection AddReimburseBanking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BankingOptions>()
            .Bind(configuration.GetSection(BankingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BankingOptions>, BankingOptionsValidator>();
        services.AddSingleton<IBankDirectory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BankingOptions>>().Value;
            var path = ZenginCodeBankDirectory.Locate(options.ZenginDataPath, out _)
                ?? throw new InvalidOperationException("The bank code list is missing; see Banking:ZenginDataPath.");
            var log = sp.GetRequiredService<ILogger<BankDirectoryLoader>>();
            var watch = Stopwatch.StartNew();
            var directory = ZenginCodeBankDirectory.Load(path);
            BankDirectoryLoader.LogLoaded(log, directory.Version ?? "unknown", directory.BankCount, directory.BranchCount, watch.ElapsedMilliseconds);
            return directory;
        });
        services.AddHostedService<BankDirectoryLoader>();
        return services;
    }

    /// <summary>Registers the paying account's options (validated on start).</summary>
    public static IServiceCollection AddReimbursePayouts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZenginRequesterOptions>()
            .Bind(configuration.GetSection(ZenginRequesterOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    private sealed class BankingOptionsValidator : IValidateOptions<BankingOptions>
    {
        public ValidateOptionsResult Validate(string? name, BankingOptions options)
        {
            if (ZenginCodeBankDirectory.Locate(options.ZenginDataPath, out var searched) is not null)
            {
                return ValidateOptionsResult.Success;
            }
            return ValidateOptionsResult.Fail(
                "The Zengin bank code list (npm package zengin-code) was not found. Looked for: " + string.Join(", ", searched)
                + ". Run `npm ci` in the repository, or set Banking:ZenginDataPath to the package's lib/zengin-data.js.");
        }
    }
}

/// <summary>Loads the bank list while the app starts, so that the first claimant does not wait for it and a broken list stops the start.</summary>
internal sealed partial class BankDirectoryLoader(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IBankDirectory>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Bank code list zengin-code {Version}: {Banks} banks, {Branches} branches, loaded in {Milliseconds} ms")]
    internal static partial void LogLoaded(ILogger logger, string version, int banks, int branches, long milliseconds);
}
