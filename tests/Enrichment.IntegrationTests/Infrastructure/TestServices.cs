using System.Net.Http.Headers;
using System.Text;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The real services the suite runs against, each from one place: the <c>TEST_*</c> variables when set (what
/// <c>scripts/test.sh</c> exports, and what CI here uses), otherwise containers when a Docker daemon answers
/// (<see cref="ServiceContainers"/>), otherwise a failure naming both ways (<see cref="ServiceSelection"/>).
/// A missing service is a failure with instructions, never a skip: a skipped test would hide exactly what it should find.
/// </summary>
public static class TestServices
{
    public static string RabbitMqUrl => FromVariables(TestService.RabbitMq)
        ? Selection.Required("TEST_RABBITMQ_URL", TestService.RabbitMq)
        : ServiceContainers.RabbitMqUrl;

    public static string RedisUrl => FromVariables(TestService.Redis)
        ? Selection.Required("TEST_REDIS_URL", TestService.Redis)
        : ServiceContainers.RedisUrl;

    public static Uri RabbitMqManagement => FromVariables(TestService.RabbitMq)
        ? new(Selection.Required("TEST_RABBITMQ_MANAGEMENT_URL", TestService.RabbitMq))
        : ServiceContainers.RabbitMqManagement;

    /// <summary>
    /// The machine's Alertmanager. Without <c>TEST_ALERTMANAGER_BINARY</c> Alertmanager runs in a container:
    /// start it with <c>MonitoringProcess.StartAlertmanagerAsync</c>, which works both ways.
    /// </summary>
    public static string AlertmanagerBinary => Binary(TestService.Alertmanager, "StartAlertmanagerAsync");

    /// <summary>RabbitMQ's own Prometheus endpoint (the rabbitmq_prometheus plugin, port 15692).</summary>
    public static Uri RabbitMqPrometheus => FromVariables(TestService.RabbitMq)
        ? new(Selection.Required("TEST_RABBITMQ_PROMETHEUS_URL", TestService.RabbitMq))
        : ServiceContainers.RabbitMqPrometheus;

    /// <summary>The machine's Prometheus; see <see cref="AlertmanagerBinary"/>.</summary>
    public static string PrometheusBinary => Binary(TestService.Prometheus, "StartPrometheusAsync");

    /// <summary>Where <paramref name="service"/> comes from on this run; throws with both ways to provide it when from nowhere.</summary>
    public static ServiceSource SourceOf(TestService service) => Selection.Choose(service);

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

    private static ServiceSelection Selection => ServiceSelection.Current;

    private static bool FromVariables(TestService service) => SourceOf(service) == ServiceSource.Variables;

    private static string Binary(TestService service, string startMethod) => FromVariables(service)
        ? Selection.Required(service.Variable, service)
        : throw new InvalidOperationException(
            $"{service.Name} runs in a container on this run ({service.Variable} is not set), so there is no binary to start: "
            + $"use MonitoringProcess.{startMethod}, which starts the binary or the container.");
}
