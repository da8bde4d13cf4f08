using Microsoft.AspNetCore.Http.HttpResults;
using Reimburse.Banking;

namespace Reimburse.Functions.Pages.Portal;

/// <summary>A bank as the lookup offers it.</summary>
/// <param name="Code">4-digit bank code.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kana">Reading in katakana.</param>
public sealed record BankChoice(string Code, string Name, string Kana);

/// <summary>A branch as the lookup offers it.</summary>
/// <param name="Code">3-digit branch code.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kana">Reading in katakana.</param>
public sealed record BranchChoice(string Code, string Name, string Kana);

/// <summary>
/// The bank and branch lookup behind the bank-account fields of the cardholder forms: search by name, reading (kana
/// of either width, hiragana) or code, from the Zengin code list in <see cref="IBankDirectory"/>. Public data, no
/// personal data: anonymous and cacheable.
/// </summary>
public static class BankLookupEndpoints
{
    /// <summary>Most choices returned for one query.</summary>
    public const int MaxChoices = 20;

    /// <summary>Longest query accepted (a bank name is shorter).</summary>
    public const int MaxQueryLength = 40;

    public static IEndpointRouteBuilder MapBankLookup(this IEndpointRouteBuilder endpoints)
    {
        var banks = endpoints.MapGroup("/api/banks").AllowAnonymous();
        banks.MapGet("", SearchBanks).WithName("SearchBanks").WithSummary("Banks whose name, reading or code starts with q.");
        banks.MapGet("/{bankCode}/branches", SearchBranches).WithName("SearchBranches").WithSummary("Branches of a bank whose name, reading or code starts with q.");
        return endpoints;
    }

    internal static Results<Ok<BankChoice[]>, ProblemHttpResult> SearchBanks(string? q, int? limit, IBankDirectory directory, HttpContext context)
    {
        if (Invalid(q, limit) is { } problem)
        {
            return problem;
        }
        Cacheable(context);
        return TypedResults.Ok(directory.SearchBanks(q!.Trim(), limit ?? 10).Select(b => new BankChoice(b.Code, b.Name, b.Kana)).ToArray());
    }

    internal static Results<Ok<BranchChoice[]>, ProblemHttpResult> SearchBranches(string bankCode, string? q, int? limit, IBankDirectory directory, HttpContext context)
    {
        if (directory.FindBank(bankCode) is null)
        {
            return TypedResults.Problem(title: "Unknown bank.", detail: "bankCode must be the 4-digit code of a bank in the list.", statusCode: StatusCodes.Status404NotFound);
        }
        if (Invalid(q, limit) is { } problem)
        {
            return problem;
        }
        Cacheable(context);
        return TypedResults.Ok(directory.SearchBranches(bankCode, q!.Trim(), limit ?? 10).Select(b => new BranchChoice(b.Code, b.Name, b.Kana)).ToArray());
    }

    private static ProblemHttpResult? Invalid(string? q, int? limit) =>
        (string.IsNullOrWhiteSpace(q), q?.Length > MaxQueryLength, limit is < 1 or > MaxChoices) switch
        {
            (true, _, _) => TypedResults.Problem(title: "Nothing to search for.", detail: "Give q: the start of a name, its reading or a code.", statusCode: StatusCodes.Status400BadRequest),
            (_, true, _) => TypedResults.Problem(title: "The query is too long.", detail: $"q has at most {MaxQueryLength} characters.", statusCode: StatusCodes.Status400BadRequest),
            (_, _, true) => TypedResults.Problem(title: "limit is out of range.", detail: $"limit is between 1 and {MaxChoices}.", statusCode: StatusCodes.Status400BadRequest),
            _ => null,
        };

    // The list changes with a release of the app, not by the minute: let browsers reuse answers while a person types.
    private static void Cacheable(HttpContext context) => context.Response.Headers.CacheControl = "public, max-age=3600";
}
