using System.Net;
using System.Text;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// Sends webhooks the way Alertmanager does: a 2xx is done, a 5xx or a connection error is retried
/// with backoff, a 4xx is dropped (and counted, because here it would be a lost alert).
/// </summary>
public sealed class AlertmanagerLikeSender(HttpClient http, string route = "/webhook")
{
    public int Accepted;
    public int Retries;
    public int Dropped;

    public async Task SendAsync(string payload, int alerts, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                using var content = new StringContent(payload, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(route, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref Accepted, alerts);
                    return;
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.RequestTimeout)
                {
                    Interlocked.Add(ref Dropped, alerts);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Connection refused or reset: retried, as Alertmanager does.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Client timeout: retried.
            }
            Interlocked.Increment(ref Retries);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }
}
