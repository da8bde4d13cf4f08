using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Pdf;
using Reimburse.Functions.Storage;

namespace Reimburse.Functions.Intake;

public static class IntakeRegistration
{
    /// <summary>
    /// Registers the cardholder claim API's services: limits (validated on start), the upload inspector (with the local
    /// reader's PDF page counter), the form reader, the idempotency ledger and the intake service.
    /// </summary>
    /// <remarks>Needs <c>AddClaims</c> (executor, store, documents), <c>AddCustomers</c> (incidents), <c>AddReimburseBanking</c>
    /// (the bank list), <c>AddStatementReaders</c> (local reader options) and <c>AddCardholderSessions</c>.</remarks>
    public static IServiceCollection AddClaimIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageResources(tables: [IntakeLedger.TableName]);
        services.AddSingleton(sp => new IntakeLedger(sp.GetRequiredService<StorageAccount>().GetTableClient(IntakeLedger.TableName)));
        services.TryAddSingleton<IPdfPageCounter>(sp => new PopplerPageCounter(new PdfPageCounter(sp.GetRequiredService<IOptions<LocalReaderOptions>>().Value)));
        services.AddSingleton<UploadInspector>();
        services.AddSingleton<ClaimForms>();
        services.AddSingleton<ClaimIntake>();
        return services;
    }
}
