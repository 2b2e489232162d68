using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Enrichment.Contracts;

namespace Enrichment.Notifier.Webhook;

/// <summary>POSTs every enriched event, as the contract shapes it, to one URL.</summary>
public sealed class WebhookNotifier(Uri url, HttpClient http, int concurrency) : INotifier
{
    public const string HttpClientName = "notifier";

    public string Kind => "webhook";

    /// <summary>Named by a digest of the URL: stable across restarts and list reordering, and free of any secret in the URL.</summary>
    public string EndpointName { get; } = "enrichment-notify-webhook-" + Digest(url.ToString());

    public int Concurrency => concurrency;

    public async Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, enriched, EnrichmentJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"webhook {NotifierOptions.Redact(url.ToString())} answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    internal static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];
}
