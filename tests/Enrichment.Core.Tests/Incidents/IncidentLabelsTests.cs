using Enrichment.Contracts;
using Enrichment.Core.Modes;

namespace Enrichment.Core.Tests.Incidents;

/// <summary>How the Alertmanager notifier shows an alert's incident: labels in <c>enriched</c> mode only.</summary>
public class IncidentLabelsTests
{
    private static AlertEnriched Event(string mode, IncidentRef? incident) => new()
    {
        Alert = new AlertData
        {
            Fingerprint = "0123456789abcdef",
            Status = "firing",
            Labels = new Dictionary<string, string> { ["alertname"] = "KubePodNotReady", ["ai_incident"] = "stale", ["ai_incident_role"] = "stale" },
        },
        Mode = mode,
        Classification = new ClassificationData { Severity = "warning", Category = "orchestration", Confidence = 0.8, Summary = "s", Source = "rules" },
        ReceivedAt = DateTimeOffset.UnixEpoch,
        EnrichedAt = DateTimeOffset.UnixEpoch,
        Incident = incident,
    };

    [Fact]
    public void Enriched_mode_labels_the_incident_and_the_role()
    {
        var shown = ModePresentation.Present(Event("enriched", new IncidentRef { Id = "inc-1", Role = "symptom", Size = 40 }));
        Assert.Equal("inc-1", shown.Labels["ai_incident"]);
        Assert.Equal("symptom", shown.Labels["ai_incident_role"]);
    }

    [Fact]
    public void Without_an_incident_no_stale_incident_label_passes_and_other_modes_leave_the_labels_alone()
    {
        var none = ModePresentation.Present(Event("enriched", null));
        Assert.False(none.Labels.ContainsKey("ai_incident"));
        Assert.False(none.Labels.ContainsKey("ai_incident_role"));

        var recommendations = ModePresentation.Present(Event("transparent_with_recommendations", new IncidentRef { Id = "inc-1", Role = "root", Size = 1 }));
        Assert.Equal("stale", recommendations.Labels["ai_incident"]);
    }
}
