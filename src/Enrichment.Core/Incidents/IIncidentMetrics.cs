namespace Enrichment.Core.Incidents;

/// <summary><c>enrichment_incidents_total{event}</c>: incident changes announced (opened, grown, root_changed, resolved).</summary>
public interface IIncidentMetrics
{
    void IncidentEvent(string change);
}

/// <summary>Records nothing: for tests and tools.</summary>
public sealed class NullIncidentMetrics : IIncidentMetrics
{
    public static NullIncidentMetrics Instance { get; } = new();

    public void IncidentEvent(string change)
    {
    }
}
