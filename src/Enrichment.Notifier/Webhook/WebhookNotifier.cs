using System.Security.Cryptography;
using System.Text;
using Enrichment.Contracts;
using Enrichment.Notifier.Delivery;
using Enrichment.ServiceDefaults.Security;

namespace Enrichment.Notifier.Webhook;

/// <summary>
/// POSTs every enriched event, as the contract shapes it, to one URL, with a <c>Content-Length</c>
/// (<see cref="JsonBody"/>). A 4xx is the receiver refusing this event for good (a payload it rejects, a
/// route that is gone, a revoked token): the event goes straight to the target's error queue instead of
/// being retried for minutes. 408 and 429 are the exceptions — a receiver that timed out or asks to slow
/// down will take the event later — and are retried with backoff, like 5xx and network errors.
/// </summary>
public sealed class WebhookNotifier(Uri url, HttpClient http, int concurrency) : INotifier
{
    public const string HttpClientName = "notifier";

    public string Kind => "webhook";

    public string EndpointName { get; } = QueueNameFor(url);

    public int Concurrency => concurrency;

    /// <summary>Named by a digest of the URL: stable across restarts and list reordering, and free of any secret in the URL.</summary>
    public static string QueueNameFor(Uri url) =>
        "enrichment-notify-webhook-" + Digest(url?.ToString() ?? throw new ArgumentNullException(nameof(url)));

    public async Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken)
    {
        using var body = JsonBody.Create(enriched, EnrichmentJson.Options);
        using var response = await http.PostAsync(url, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The URL may carry a secret in its path: only its scheme and host are named.
            throw PermanentDeliveryException.For($"webhook {UrlRedaction.Redact(url)}", response.StatusCode);
        }
    }

    internal static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];
}
