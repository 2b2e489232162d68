using System.Net.Http.Headers;
using System.Text;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The real services the suite runs against, started by <c>scripts/test.sh</c>. A missing service is a
/// failure with instructions, never a skip: a skipped test would hide exactly what it should find.
/// </summary>
public static class TestServices
{
    public static string RabbitMqUrl => Required("TEST_RABBITMQ_URL");

    public static string RedisUrl => Required("TEST_REDIS_URL");

    public static Uri RabbitMqManagement => new(Required("TEST_RABBITMQ_MANAGEMENT_URL"));

    public static string AlertmanagerBinary => Required("TEST_ALERTMANAGER_BINARY");

    /// <summary>RabbitMQ's own Prometheus endpoint (the rabbitmq_prometheus plugin, port 15692).</summary>
    public static Uri RabbitMqPrometheus => new(Required("TEST_RABBITMQ_PROMETHEUS_URL"));

    public static string PrometheusBinary => Required("TEST_PROMETHEUS_BINARY");

    /// <summary>A fresh RabbitMQ virtual host, so that tests sharing the broker never see each other's queues.</summary>
    public static async Task<string> CreateVirtualHostAsync(string name)
    {
        var vhost = $"test-{name}-{Guid.NewGuid():N}"[..40];
        var management = RabbitMqManagement;
        using var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority)) };
        var credentials = Uri.UnescapeDataString(management.UserInfo);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var user = credentials.Split(':')[0];
        (await http.PutAsync($"/api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await http.PutAsync($"/api/permissions/{vhost}/{user}", permissions)).EnsureSuccessStatusCode();
        var amqp = new UriBuilder(RabbitMqUrl) { Path = "/" + vhost };
        return amqp.Uri.ToString();
    }

    /// <summary>A Redis key prefix of its own for one test.</summary>
    public static string NewRedisPrefix(string name) => $"test:{name}:{Guid.NewGuid():N}:";

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the suite with scripts/test.sh, which installs and starts RabbitMQ, Redis, Alertmanager and Prometheus.");
}
