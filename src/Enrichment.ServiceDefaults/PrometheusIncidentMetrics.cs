using Enrichment.Core.Incidents;
using Prometheus;

namespace Enrichment.ServiceDefaults;

/// <summary><c>enrichment_incidents_total{event}</c> on prometheus-net.</summary>
public sealed class PrometheusIncidentMetrics : IIncidentMetrics
{
    private static readonly Counter Incidents = Metrics.CreateCounter("enrichment_incidents_total",
        "Incident changes announced by IncidentUpdated events, by kind (opened, grown, root_changed, resolved).", "event");

    public PrometheusIncidentMetrics()
    {
        // Every kind exported from the start (at 0), so that a rate() over it is defined before the first incident.
        foreach (var change in IncidentEvents.Order)
        {
            Incidents.WithLabels(change);
        }
    }

    public void IncidentEvent(string change) => Incidents.WithLabels(change).Inc();
}
