namespace Enrichment.Contracts;

/// <summary>Names on the bus that several roles must agree on.</summary>
public static class MessagingTopology
{
    /// <summary>
    /// The durable queue every worker competes on. The gateway <em>sends</em> to it rather than
    /// publishing: sending declares the queue, so alerts accepted before any worker ever started
    /// wait in it instead of vanishing into an exchange with no binding.
    /// </summary>
    public const string AlertsQueue = "enrichment-alerts";

    public static Uri AlertsQueueAddress { get; } = new($"queue:{AlertsQueue}");
}
