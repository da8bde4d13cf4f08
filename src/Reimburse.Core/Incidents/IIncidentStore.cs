namespace Reimburse.Incidents;

/// <summary>Where incident definitions are kept.</summary>
public interface IIncidentStore
{
    /// <summary>The incident, or null when there is none with this id.</summary>
    Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the definition; true when it was created.</summary>
    Task<bool> SaveAsync(Incident incident, CancellationToken cancellationToken);
}
