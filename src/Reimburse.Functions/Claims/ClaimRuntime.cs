using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Statements;

namespace Reimburse.Functions.Claims;

/// <summary>
/// The runner's parts wired by hand, outside dependency injection: for the benchmark and the tests, which need
/// private storage names, their own stores and a hand-held clock. The app wires the same parts in
/// <see cref="ClaimsRegistration.AddClaims"/>.
/// </summary>
internal sealed class ClaimRuntime
{
    public ClaimRuntime(
        StorageAccount account,
        ClaimsOptions options,
        string storageSuffix,
        IStatementReader reader,
        IIncidentStore incidents,
        IAffectedCustomers customers,
        TimeProvider? time = null,
        Func<IClaimStepScheduler, IClaimStepScheduler>? wrapScheduler = null,
        ILoggerFactory? loggers = null,
        ClaimTelemetry? telemetry = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Time = time ?? TimeProvider.System;
        Storage = new ClaimStorage(account, storageSuffix);
        Store = new ClaimStore(Storage.Claims);
        Outbox = new ClaimOutbox(Storage.Outbox);
        Index = new ClaimIndex(Storage.Index);
        StatusIndex = new ClaimStatusIndex(Storage.StatusIndex);
        Queue = new ClaimStepQueue(Storage.Steps);
        Scheduler = wrapScheduler?.Invoke(Queue) ?? Queue;
        Documents = new BlobClaimDocuments(Storage.Statements);
        Executor = new ClaimExecutor(Store, Outbox, StatusIndex, Scheduler, Time, loggers.CreateLogger<ClaimExecutor>(), telemetry);
        Inputs = new ClaimValidationInputs([incidents], [customers], Index, Store);
        Handler = new ClaimStepHandler(Store, Executor, Scheduler, Index, Documents, new StatementReaders([reader], wrapped), Inputs, Time, loggers.CreateLogger<ClaimStepHandler>(), telemetry);
        Sweeper = new ClaimSweeper(Outbox, Store, Executor, wrapped, Time, loggers.CreateLogger<ClaimSweeper>());
        Timers = new ClaimTimerCheck(Store, Scheduler, wrapped, Time, loggers.CreateLogger<ClaimTimerCheck>());
        Processor = new ClaimQueueProcessor(Storage, Handler, wrapped, loggers.CreateLogger<ClaimQueueProcessor>());
        Runner = new ClaimQueueRunner(Storage, Processor, Sweeper, Timers, wrapped, loggers.CreateLogger<ClaimQueueRunner>());
    }

    public ClaimsOptions Options { get; }

    public TimeProvider Time { get; }

    public ClaimStorage Storage { get; }

    public ClaimStore Store { get; }

    public ClaimOutbox Outbox { get; }

    public ClaimIndex Index { get; }

    public ClaimStatusIndex StatusIndex { get; }

    public ClaimStepQueue Queue { get; }

    public IClaimStepScheduler Scheduler { get; }

    public BlobClaimDocuments Documents { get; }

    public ClaimExecutor Executor { get; }

    public ClaimValidationInputs Inputs { get; }

    public ClaimStepHandler Handler { get; }

    public ClaimSweeper Sweeper { get; }

    public ClaimTimerCheck Timers { get; }

    public ClaimQueueProcessor Processor { get; }

    /// <summary>The local queue runner over these parts (start and stop it like a hosted service).</summary>
    public ClaimQueueRunner Runner { get; }
}
