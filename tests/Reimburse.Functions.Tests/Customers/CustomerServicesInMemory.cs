using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reimburse.ClaimCodes;
using Reimburse.Functions.Customers;
using Reimburse.Incidents;
using Reimburse.Testing;
using Reimburse.Testing.Customers;

namespace Reimburse.Functions.Tests.Customers;

/// <summary>The importer and the issuer over in-memory stores, with one incident.</summary>
internal sealed class CustomerServicesInMemory
{
    public const string IncidentId = "vector-2012";

    public CustomerServicesInMemory()
    {
        var options = Options.Create(new CustomerImportOptions { Parallelism = 4, TempFolder = RepoPaths.NewTempFolder("import") });
        Hasher = new ClaimCodeHasher(RandomNumberGenerator.GetBytes(32));
        Importer = new CustomerImporter(Stores, Stores, Runs, Runs, options, TimeProvider.System, NullLogger<CustomerImporter>.Instance);
        Issuer = new ClaimCodeIssuer(Stores, Stores, Stores, Runs, Runs, Hasher, options, TimeProvider.System, NullLogger<ClaimCodeIssuer>.Instance);
        Checker = new EligibilityChecker(Hasher, Stores, Stores, Stores);
        Stores.SaveAsync(Incident, default).GetAwaiter().GetResult();
    }

    public static Incident Incident { get; } = new(IncidentId, "ベクター 不正アクセス (2012)", new(2012, 6, 29), new(2012, 3, 1), new(2012, 6, 15),
        new(2012, 7, 1), new(2012, 12, 31), IncidentPolicy.Default);

    public InMemoryCustomerStores Stores { get; } = new();

    public InMemoryCustomerRuns Runs { get; } = new();

    public ClaimCodeHasher Hasher { get; }

    public CustomerImporter Importer { get; }

    public ClaimCodeIssuer Issuer { get; }

    public EligibilityChecker Checker { get; }
}
