using System.Net.Http.Headers;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using Enrichment.ServiceDefaults.Security;
using Enrichment.Notifier.Webhook;

namespace Enrichment.Notifier.Incidents;

/// <summary>
/// POSTs every incident update to a webhook URL as its own event type: the <see cref="IncidentUpdated"/> JSON (it has
/// <c>event</c> and <c>incident</c>, never <c>alert</c>) with the header <c>X-Enrichment-Event: IncidentUpdated</c>.
/// Sent with a length, not chunked: simple receivers read nothing of a chunked body.
/// </summary>
public sealed class WebhookIncidentNotifier(Uri url, HttpClient http) : IIncidentNotifier
{
    public const string EventHeader = "X-Enrichment-Event";

    public string Kind => "webhook";

    /// <summary>The same queue as the URL's alert events.</summary>
    public string EndpointName { get; } = WebhookNotifier.QueueNameFor(url);

    public async Task NotifyAsync(IncidentUpdated update, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(update, EnrichmentJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(EventHeader, nameof(IncidentUpdated));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw PermanentDeliveryException.For($"webhook {UrlRedaction.Redact(url)}", response.StatusCode);
        }
    }
}
