using Enrichment.Contracts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Webhook;

/// <summary>Alertmanager's webhook body for a batch (<c>NOTIFIER_WEBHOOK_FORMAT=alertmanager</c>); see <see cref="AlertmanagerWebhookMapper"/>.</summary>
public sealed class AlertmanagerWebhookBody(bool alertPerGroup, FeedbackLink? feedback = null) : IWebhookBody
{
    public ByteArrayContent Create(IReadOnlyList<AlertEnriched> events) =>
        JsonBody.Create(AlertmanagerWebhookMapper.Map(events, alertPerGroup, feedback), EnrichmentJson.Options);
}
