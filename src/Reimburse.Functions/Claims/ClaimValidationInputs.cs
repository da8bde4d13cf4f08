using Reimburse.Claims;
using Reimburse.Customers;
using Reimburse.Incidents;
using Reimburse.Policy;

namespace Reimburse.Functions.Claims;

/// <summary>
/// Loads everything the pure <see cref="ClaimValidator"/> needs for one claim: the incident, the customer's row,
/// the duplicate lookups for each document and the other claims for the same card.
/// </summary>
/// <remarks>
/// The incident and customer stores come as sequences so that the runner can start before their feature is
/// registered (the last registration wins, as with any single service); validation then fails with a clear error.
/// </remarks>
public sealed class ClaimValidationInputs(IEnumerable<IIncidentStore> incidentStores, IEnumerable<IAffectedCustomers> customerStores, ClaimIndex index, ClaimStore store)
{
    private readonly IIncidentStore? _incidents = incidentStores.LastOrDefault();
    private readonly IAffectedCustomers? _customers = customerStores.LastOrDefault();

    /// <exception cref="InvalidOperationException">The claim's incident does not exist (a configuration error: the step fails until fixed).</exception>
    public async Task<ValidationInput> BuildAsync(ClaimState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var incidents = _incidents ?? throw new InvalidOperationException("No incident store is registered (AddCustomers).");
        var customers = _customers ?? throw new InvalidOperationException("No affected-customer store is registered (AddCustomers).");
        var incident = await incidents.GetAsync(state.IncidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Incident {state.IncidentId} of claim {state.ClaimId} does not exist.");
        var customer = await customers.FindAsync(state.IncidentId, state.CustomerId, cancellationToken).ConfigureAwait(false);

        var documents = new List<DocumentEvidence>();
        foreach (var document in state.CurrentDocuments)
        {
            var sameBytes = await index.ClaimsWithBytesAsync(document.Ref.Sha256, state.ClaimId, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> sameContent = [];
            if (document.Facts is not null && DocumentFingerprints.ContentKey(document.Facts) is { } key)
            {
                sameContent = await index.ClaimsWithContentAsync(key, state.ClaimId, cancellationToken).ConfigureAwait(false);
            }
            documents.Add(new DocumentEvidence(document.DocumentId, document.Facts, document.Failure, sameBytes, sameContent));
        }

        // Register first, then look: of two claims for one card validated at the same time, each sees the other.
        await index.RegisterCardAsync(state.IncidentId, state.CustomerId, state.CardLast4, state.ClaimId, cancellationToken).ConfigureAwait(false);
        var others = new List<OtherClaim>();
        foreach (var otherId in await index.ClaimsForCardAsync(state.IncidentId, state.CustomerId, state.CardLast4, state.ClaimId, cancellationToken).ConfigureAwait(false))
        {
            var other = await store.LoadAsync(otherId, cancellationToken).ConfigureAwait(false);
            if (other.Exists)
            {
                others.Add(new OtherClaim(otherId, other.Standing));
            }
        }
        return new ValidationInput(incident, customer, state.ToDeclaration(), documents, others, state.MayAskClaimantAutomatically);
    }
}
