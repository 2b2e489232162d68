using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// A JSON array of enriched events, each exactly as a single-event POST carries it. Always an array, even when a
/// batch closes on its time limit with one event: a receiver that opted in to batches parses one shape.
/// </summary>
public sealed class EventArrayBody : IWebhookBody
{
    public ByteArrayContent Create(IReadOnlyList<AlertEnriched> events) => JsonBody.Create(events, EnrichmentJson.Options);
}
