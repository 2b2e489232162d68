using System.Net;
using System.Text.Json.Nodes;
using Enrichment.Notifier.Delivery;

namespace Enrichment.Notifier.Slack;

/// <summary>
/// One post to a Slack incoming webhook, shared by the per-alert and the per-incident notifiers: a body with its
/// <c>Content-Length</c>, Slack's <c>Retry-After</c> honoured on 429, and every refusal handed to the retry policy
/// as a <see cref="PermanentDeliveryException"/> naming Slack's short reason (never the URL, which is the secret).
/// </summary>
internal static class SlackWebhook
{
    /// <summary>Longest <c>Retry-After</c> honoured before giving the message back to the retry policy.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public static async Task PostAsync(HttpClient http, Uri url, JsonObject message, TimeProvider time, CancellationToken cancellationToken)
    {
        using var body = JsonBody.Create(message);
        using var response = await http.PostAsync(url, body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        // Slack names the problem in a short plain-text body (invalid_blocks, channel_not_found, …).
        var detail = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait)
        {
            // Wait here, with the endpoint's single slot held, so that the whole queue slows down as Slack asks.
            await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, time, cancellationToken);
        }
        throw PermanentDeliveryException.For("slack webhook", response.StatusCode, detail.Length > 100 ? detail[..100] : detail);
    }
}
