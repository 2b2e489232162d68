namespace Enrichment.Core.Alerts;

/// <summary>The two states Alertmanager knows, as it spells them.</summary>
public static class AlertStatus
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public static bool IsKnown(string status) => status is Firing or Resolved;
}
