using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reimburse.Claims;
using Reimburse.Text;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Traces and metrics of the claim pipeline, on the BCL's <see cref="ActivitySource"/> and <see cref="Meter"/> named
/// <c>Reimburse.Claims</c>: an OpenTelemetry exporter (or <c>dotnet-counters</c>, Application Insights) attaches to
/// these names when configured; without a listener they cost next to nothing.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>reimburse.claims.submitted</c></term><description>counter: claims submitted.</description></item>
/// <item><term><c>reimburse.claims.decisions</c></term><description>counter by <c>outcome</c>: approved, escalated, rejected, information-requested (the automatic validation's outcome).</description></item>
/// <item><term><c>reimburse.claims.status</c></term><description>up-down counter by <c>status</c>: +1 when a claim enters a status, −1 when it leaves; summed over instances it is the number of claims in each status (since the counters started).</description></item>
/// <item><term><c>reimburse.claims.step.duration</c></term><description>histogram (s) by <c>step</c> and <c>outcome</c> (done, no-change, stale, rearmed, failed).</description></item>
/// <item><term><c>reimburse.claims.step.retries</c></term><description>counter by <c>step</c>: deliveries after the first.</description></item>
/// <item><term><c>reimburse.claims.step.poisoned</c></term><description>counter by <c>step</c>: steps that failed every attempt and flagged their claim.</description></item>
/// <item><term><c>reimburse.claims.decision.latency</c></term><description>histogram (s) by <c>outcome</c>: from submission to the automatic decision.</description></item>
/// </list>
/// Tags hold kinds and outcomes only: never a claim id or anything about a person (activities carry the claim id, as logs do).
/// </remarks>
public sealed class ClaimTelemetry : IDisposable
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Reimburse.Claims";

    /// <summary>Spans: claim.execute (one command on one claim), claim.step (one queue step), claim.intake (one cardholder request).</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _decisions;
    private readonly UpDownCounter<long> _status;
    private readonly Histogram<double> _stepDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _poisoned;
    private readonly Histogram<double> _decisionLatency;

    /// <summary>Instruments on a meter from <paramref name="meters"/> (the app's), or on a meter of its own.</summary>
    public ClaimTelemetry(IMeterFactory? meters = null)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(Name) ?? new Meter(Name);
        _submitted = _meter.CreateCounter<long>("reimburse.claims.submitted", "{claim}", "Claims submitted.");
        _decisions = _meter.CreateCounter<long>("reimburse.claims.decisions", "{claim}", "Automatic decisions by outcome.");
        _status = _meter.CreateUpDownCounter<long>("reimburse.claims.status", "{claim}", "Claims entering (+1) and leaving (-1) each status.");
        _stepDuration = _meter.CreateHistogram<double>("reimburse.claims.step.duration", "s", "Time to run one workflow step.");
        _retries = _meter.CreateCounter<long>("reimburse.claims.step.retries", "{delivery}", "Step deliveries after the first (retries).");
        _poisoned = _meter.CreateCounter<long>("reimburse.claims.step.poisoned", "{step}", "Steps that failed every attempt and flagged their claim.");
        _decisionLatency = _meter.CreateHistogram<double>("reimburse.claims.decision.latency", "s", "From submission to the automatic decision.");
    }

    /// <summary>Records what one append did: a submission, status changes, an automatic decision and its latency.</summary>
    public void Appended(ClaimState before, ClaimState after, IReadOnlyList<ClaimEvent> events)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        if (before.Status != after.Status)
        {
            if (before.Exists)
            {
                _status.Add(-1, new KeyValuePair<string, object?>("status", Kebab(before.Status)));
            }
            _status.Add(1, new KeyValuePair<string, object?>("status", Kebab(after.Status)));
        }
        if (events.OfType<ClaimSubmitted>().Any())
        {
            _submitted.Add(1);
        }
        if (events.OfType<ClaimValidated>().FirstOrDefault() is { } validated)
        {
            var outcome = events switch
            {
                _ when events.OfType<ClaimAutoApproved>().Any() => "approved",
                _ when events.OfType<ClaimRejected>().Any() => "rejected",
                _ when events.OfType<InformationRequested>().Any() => "information-requested",
                _ => "escalated",
            };
            var tag = new KeyValuePair<string, object?>("outcome", outcome);
            _decisions.Add(1, tag);
            _decisionLatency.Record(Math.Max(0, (validated.At - after.SubmittedAt).TotalSeconds), tag);
        }
    }

    /// <summary>Records one step run: its kind, outcome ("done", "no-change", "stale", "rearmed", "failed") and duration.</summary>
    public void StepRan(ClaimStepKind kind, string outcome, TimeSpan elapsed, long dequeueCount)
    {
        var step = new KeyValuePair<string, object?>("step", Kebab(kind));
        _stepDuration.Record(elapsed.TotalSeconds, step, new KeyValuePair<string, object?>("outcome", outcome));
        if (dequeueCount > 1)
        {
            _retries.Add(1, step);
        }
    }

    /// <summary>Records a step that failed every attempt and flagged its claim.</summary>
    public void Poisoned(ClaimStepKind kind) => _poisoned.Add(1, new KeyValuePair<string, object?>("step", Kebab(kind)));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal static string Kebab<T>(T value)
        where T : struct, Enum => KebabCase.Of(value);
}
