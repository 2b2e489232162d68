using System.ComponentModel.DataAnnotations;

namespace Enrichment.Notifier.Incidents;

/// <summary>The notifiers' incident settings, in the <c>Notifier</c> section (<c>NOTIFIER_*</c>).</summary>
public sealed class IncidentNotifierOptions : IValidatableObject
{
    public const string Section = NotifierOptions.Section;

    public const string PerIncident = "incident";
    public const string PerAlert = "alert";

    /// <summary>
    /// <c>NOTIFIER_SLACK_MESSAGES</c>: <c>incident</c> (one message per incident change: opened, grown, root changed,
    /// resolved; alerts outside any incident still get their own) or <c>alert</c> (one message per alert event, as before).
    /// </summary>
    public string SlackMessages { get; set; } = PerIncident;

    /// <summary><c>NOTIFIER_WEBHOOK_INCIDENTS</c>: webhooks also receive <c>IncidentUpdated</c> events (a body with <c>event</c> and no <c>alert</c>).</summary>
    public bool WebhookIncidents { get; set; } = true;

    /// <summary><c>NOTIFIER_CONSOLE_INCIDENTS</c>: the console notifier also prints <c>IncidentUpdated</c> events.</summary>
    public bool ConsoleIncidents { get; set; } = true;

    public bool SlackPerIncident => string.Equals(SlackMessages, PerIncident, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(SlackMessages, PerIncident, StringComparison.OrdinalIgnoreCase) && !string.Equals(SlackMessages, PerAlert, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"NOTIFIER_SLACK_MESSAGES must be '{PerIncident}' or '{PerAlert}'.", [nameof(SlackMessages)]);
        }
    }
}
