namespace Reimburse.Incidents;

/// <summary>Lists the defined incidents (for the operator's pages); a separate port so that a store need not offer it.</summary>
public interface IIncidentCatalog
{
    /// <summary>Every incident, newest disclosure first.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken);
}
