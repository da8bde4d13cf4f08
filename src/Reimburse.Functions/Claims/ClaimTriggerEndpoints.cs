using Reimburse.Functions.Hosting;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The endpoints the Azure Functions host calls for the claim workflow's non-HTTP functions (functions/*/function.json;
/// the host posts a <see cref="CustomHandlerInvocation"/> to <c>/{FunctionName}</c>). Each runs the code the local
/// runner runs for the same trigger. A 200 completes the invocation; a failure answers 500, so that the host retries a
/// step and, after host.json's maxDequeueCount, moves it to the poison queue.
/// </summary>
/// <remarks>
/// Failures are answered here, logged by exception type only, and never reach the app's exception handler, which
/// would log the message: a reader's message may quote the claimant's document.
/// </remarks>
internal static partial class ClaimTriggerEndpoints
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

        MapInvocation(triggers, StepsFunction, async (invocation, services, cancellationToken) =>
        {
            var outcome = await services.GetRequiredService<ClaimQueueProcessor>().RunStepAsync(
                invocation.Metadata("Id") ?? "(no id)",
                invocation.Text(StepBinding),
                invocation.MetadataNumber("DequeueCount") ?? 1,
                cancellationToken).ConfigureAwait(false);
            return "Claim step: " + outcome;
        });

        MapInvocation(triggers, PoisonFunction, async (invocation, services, cancellationToken) =>
        {
            await services.GetRequiredService<ClaimQueueProcessor>().RunPoisonAsync(invocation.Text(StepBinding), cancellationToken).ConfigureAwait(false);
            return "Poisoned step: claim flagged for attention";
        });

        // A timer invocation carries only the schedule's status (Data.timer: Schedule, ScheduleStatus, IsPastDue),
        // which is not needed: each run does the whole job.
        MapInvocation(triggers, SweeperFunction, async (_, services, cancellationToken) =>
            Count(SweeperFunction, await services.GetRequiredService<ClaimSweeper>().SweepAsync(cancellationToken).ConfigureAwait(false), "outbox markers found"));
        MapInvocation(triggers, TimersFunction, async (_, services, cancellationToken) =>
            Count(TimersFunction, await services.GetRequiredService<ClaimTimerCheck>().CheckReviewTimersAsync(cancellationToken).ConfigureAwait(false), "overdue review timers scheduled again"));
        MapInvocation(triggers, RetentionFunction, async (_, services, cancellationToken) =>
            Count(RetentionFunction, await services.GetRequiredService<ClaimTimerCheck>().CheckRetentionAsync(cancellationToken).ConfigureAwait(false), "overdue retention purges scheduled again"));
    }

    // POST /{function}: read the invocation, make sure the storage exists, run; a failure answers 500 (logged by type).
    private static void MapInvocation(RouteGroupBuilder triggers, string function, Func<CustomHandlerInvocation, IServiceProvider, CancellationToken, Task<string>> run) =>
        triggers.MapPost("/" + function, async (HttpContext context, ClaimStorage storage, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                var invocation = await CustomHandlerInvocation.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
                await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                return CustomHandlerInvocation.Completed(await run(invocation, context.RequestServices, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(loggers.CreateLogger(typeof(ClaimTriggerEndpoints)), function, ex.GetType().Name);
                return CustomHandlerInvocation.Failed(function + " failed: " + ex.GetType().Name);
            }
        });

    private static string Count(string function, int count, string what) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{function}: {count} {what}");

    [LoggerMessage(EventId = 5450, Level = LogLevel.Warning, Message = "Invocation of {Function} failed: {ExceptionType}; the host retries it")]
    private static partial void LogFailed(ILogger logger, string function, string exceptionType);
}
