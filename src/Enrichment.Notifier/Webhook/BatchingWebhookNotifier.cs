using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using Enrichment.ServiceDefaults.Security;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// A webhook target that takes many events per POST (<c>NOTIFIER_WEBHOOK_BATCH_SIZE</c> above 1) or Alertmanager's
/// webhook body (<c>NOTIFIER_WEBHOOK_FORMAT=alertmanager</c>): its queue is consumed in batches of up to
/// <see cref="MaxBatchSize"/> events, each batch one POST shaped by <see cref="IWebhookBody"/>, sent with a
/// <c>Content-Length</c>. The same queue as <see cref="WebhookNotifier"/> for the URL, so changing either setting
/// keeps what the queue holds.
/// <para>
/// A webhook answers for the POST as a whole and says nothing of single events: a 4xx (other than 408/429) is a
/// <see cref="PermanentDeliveryException"/> for the whole batch, which goes to the target's error queue; 5xx, 408, 429
/// and network errors retry the whole batch. A receiver must therefore take a re-sent batch without harm — the same
/// at-least-once promise a single-event webhook has, and what Alertmanager's own webhook receivers already expect.
/// </para>
/// </summary>
public sealed class BatchingWebhookNotifier(Uri url, HttpClient http, IWebhookBody body, int maxBatchSize, int concurrency) : IBatchNotifier
{
    private readonly string _display = UrlRedaction.Redact(url);

    public string Kind => "webhook";

    public string EndpointName { get; } = WebhookNotifier.QueueNameFor(url);

    /// <summary>POSTs in flight at once; each carries up to <see cref="MaxBatchSize"/> events.</summary>
    public int Concurrency => concurrency;

    public int MaxBatchSize => maxBatchSize;

    public Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken) => NotifyBatchAsync([enriched], cancellationToken);

    public async Task<IReadOnlyList<RejectedEvent>> NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }
        // A batch longer than the receiver was promised (a consumer configured with a larger limit) goes out in slices.
        foreach (var slice in events.Chunk(maxBatchSize))
        {
            using var content = body.Create(slice);
            using var response = await http.PostAsync(url, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The URL may carry a secret in its path: only its scheme and host are named.
                throw PermanentDeliveryException.For($"webhook {_display}", response.StatusCode);
            }
        }
        return [];
    }
}
