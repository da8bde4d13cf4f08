using Reimburse.Functions.Hosting;
using Reimburse.Functions.Review;

namespace Reimburse.Functions.Pages.Staff.Review;

/// <summary>The review queue: the claims waiting for a person, filtered, with counts per reason (<see cref="ReviewQueue"/>).</summary>
public sealed class IndexModel(Ui ui, ReviewQueue queue) : UiPageModel(ui)
{
    public static IReadOnlyList<string> Views { get; } = ["all", "review", "second-approval", "attention"];

    public string View { get; private set; } = "all";

    public string? Reason { get; private set; }

    public string? Incident { get; private set; }

    public bool Overdue { get; private set; }

    public long? MinAmount { get; private set; }

    public ReviewQueuePage? Queue { get; private set; }

    public async Task OnGetAsync(string? view, string? reason, string? incident, bool overdue, long? minAmount, CancellationToken cancellationToken)
    {
        View = view is { } v && Views.Contains(v) ? v : "all";
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        Incident = string.IsNullOrWhiteSpace(incident) ? null : incident.Trim();
        Overdue = overdue;
        MinAmount = minAmount;
        try
        {
            Queue = await queue.GetAsync(new ReviewQueueQuery(Incident, Reason, null, MinAmount, null, View, Overdue ? true : null, 200), cancellationToken);
        }
        catch (InputException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }
    }

    /// <summary>This page's address with one filter changed.</summary>
    public string With(string? view = null, string? reason = null, bool keepReason = true) =>
        "/staff/review" + QueryString.Create(new Dictionary<string, string?>
        {
            ["view"] = view ?? View,
            ["reason"] = keepReason ? reason ?? Reason : reason,
            ["incident"] = Incident,
            ["overdue"] = Overdue ? "true" : null,
            ["minAmount"] = MinAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => p.Value is not null)).ToUriComponent();
}
