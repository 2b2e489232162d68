using System.Net.Http.Headers;
using System.Text;

namespace Enrichment.LoadTest.Infrastructure;

/// <summary>RabbitMQ's management API: a fresh virtual host per run, deleted afterwards, and queue depths.</summary>
public sealed class Broker(Uri amqp, Uri management) : IDisposable
{
    private readonly HttpClient _http = CreateClient(management);

    public string? VirtualHost { get; private set; }

    /// <summary>Creates the run's virtual host and returns the AMQP URL for it.</summary>
    public async Task<string> CreateVirtualHostAsync(string runId)
    {
        VirtualHost = "load-" + runId;
        (await _http.PutAsync($"/api/vhosts/{VirtualHost}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(amqp.UserInfo).Split(':')[0];
        using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await _http.PutAsync($"/api/permissions/{VirtualHost}/{user}", permissions)).EnsureSuccessStatusCode();
        return new UriBuilder(amqp) { Path = "/" + VirtualHost }.Uri.ToString();
    }

    /// <summary>Empties a queue of the run's virtual host (messages left by the ingest phase, which has no workers).</summary>
    public async Task PurgeAsync(string queue)
    {
        using var response = await _http.DeleteAsync($"/api/queues/{VirtualHost}/{queue}/contents");
        // 404: the queue was never declared, so there is nothing to purge.
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task DeleteVirtualHostAsync()
    {
        if (VirtualHost is not null)
        {
            await _http.DeleteAsync($"/api/vhosts/{VirtualHost}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri management)
    {
        var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
        var credentials = Uri.UnescapeDataString(management.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }
}
