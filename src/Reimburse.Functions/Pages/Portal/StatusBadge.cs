namespace Reimburse.Functions.Pages.Portal;

/// <summary>The badge style of a claimant-facing status code.</summary>
public static class StatusBadge
{
    public static string For(string statusCode) => statusCode switch
    {
        "paid" or "approved" => "badge--success",
        "information-requested" => "badge--warning",
        "not-eligible" => "badge--error",
        _ => "badge--info",
    };
}
