using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The endpoints the Azure Functions host calls for the claim workflow's non-HTTP functions (functions/*/function.json;
/// the host posts a <see cref="CustomHandlerInvocation"/> to <c>/{FunctionName}</c>). Each runs the code the local
/// runner runs for the same trigger. A 200 completes the invocation; a failure answers 500, so that the host retries a
/// step and, after host.json's maxDequeueCount, moves it to the poison queue.
/// </summary>
internal static class ClaimTriggerEndpoints
{
    /// <summary>The queue triggers' binding name in function.json.</summary>
    public const string StepBinding = "step";

    /// <summary>The function names (folders under functions/), which are the paths the host posts to.</summary>
    public const string StepsFunction = "ClaimSteps";
    public const string PoisonFunction = "ClaimStepsPoison";
    public const string SweeperFunction = "ClaimSweeper";
    public const string TimersFunction = "ClaimTimers";
    public const string RetentionFunction = "RetentionPurge";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var triggers = endpoints.MapGroup("").RequireHostInvocation().ExcludeFromDescription();

        triggers.MapPost("/" + StepsFunction, async (HttpRequest request, ClaimStorage storage, ClaimQueueProcessor processor, CancellationToken cancellationToken) =>
        {
            var invocation = await CustomHandlerInvocation.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await processor.RunStepAsync(
                invocation.Metadata("Id") ?? "(no id)",
                invocation.Text(StepBinding),
                invocation.MetadataNumber("DequeueCount") ?? 1,
                cancellationToken).ConfigureAwait(false);
            return CustomHandlerInvocation.Completed("Claim step: " + outcome);
        });

        triggers.MapPost("/" + PoisonFunction, async (HttpRequest request, ClaimStorage storage, ClaimQueueProcessor processor, CancellationToken cancellationToken) =>
        {
            var invocation = await CustomHandlerInvocation.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await processor.RunPoisonAsync(invocation.Text(StepBinding), cancellationToken).ConfigureAwait(false);
            return CustomHandlerInvocation.Completed("Poisoned step: claim flagged for attention");
        });

        MapTimer(triggers, SweeperFunction, (sp, ct) => sp.GetRequiredService<ClaimSweeper>().SweepAsync(ct), "outbox markers found");
        MapTimer(triggers, TimersFunction, (sp, ct) => sp.GetRequiredService<ClaimTimerCheck>().CheckReviewTimersAsync(ct), "overdue review timers scheduled again");
        MapTimer(triggers, RetentionFunction, (sp, ct) => sp.GetRequiredService<ClaimTimerCheck>().CheckRetentionAsync(ct), "overdue retention purges scheduled again");
    }

    // A timer invocation carries only the schedule's status (Data.timer: Schedule, ScheduleStatus, IsPastDue): it is
    // read so that a malformed call fails, and otherwise ignored — each run does the whole job.
    private static void MapTimer(RouteGroupBuilder triggers, string function, Func<IServiceProvider, CancellationToken, Task<int>> run, string what) =>
        triggers.MapPost("/" + function, async (HttpContext context, ClaimStorage storage, CancellationToken cancellationToken) =>
        {
            await CustomHandlerInvocation.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
            await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var count = await run(context.RequestServices, cancellationToken).ConfigureAwait(false);
            return CustomHandlerInvocation.Completed(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{function}: {count} {what}"));
        });
}
