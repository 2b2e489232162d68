using Enrichment.Contracts;

namespace Enrichment.Notifier.Webhook;

/// <summary>What one POST of a batching webhook target carries for a batch of events.</summary>
public interface IWebhookBody
{
    /// <summary>A body with a <c>Content-Length</c> (see <see cref="Delivery.JsonBody"/>).</summary>
    ByteArrayContent Create(IReadOnlyList<AlertEnriched> events);
}
