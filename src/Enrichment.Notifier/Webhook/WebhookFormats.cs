namespace Enrichment.Notifier.Webhook;

/// <summary>The bodies a webhook target can take (<c>NOTIFIER_WEBHOOK_FORMAT</c>).</summary>
public static class WebhookFormats
{
    /// <summary>The enriched event JSON (the contract's "enriched event"); an array of them when batches are on.</summary>
    public const string Event = "event";

    /// <summary>Alertmanager's webhook body, version 4, carrying the enriched alerts.</summary>
    public const string Alertmanager = "alertmanager";

    public static bool IsKnown(string? format) => Is(format, Event) || Is(format, Alertmanager);

    public static bool Is(string? format, string expected) => string.Equals(format?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
