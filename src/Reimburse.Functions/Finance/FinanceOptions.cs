using System.ComponentModel.DataAnnotations;

namespace Reimburse.Functions.Finance;

/// <summary>Settings of finance's batches and settlements (section <c>Finance</c>).</summary>
public sealed class FinanceOptions
{
    public const string SectionName = "Finance";

    /// <summary>
    /// How long a batch's builder must have been silent before someone else may complete the batch (a builder that
    /// crashed half-way leaves it building). Long enough that a slow builder is never overtaken.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TakeOverAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Claims added to a batch (or settled) at the same time.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>Largest settlement file accepted.</summary>
    [Range(1, 256)]
    public int MaxSettlementMegabytes { get; set; } = 20;
}
