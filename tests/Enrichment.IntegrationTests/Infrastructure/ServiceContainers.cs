using System.Collections.Concurrent;
using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The shared services as containers, for a run without <c>TEST_*</c> variables: each started on first use,
/// once per test run, shared like the machine's services are, and removed after the last test
/// (Testcontainers' reaper removes them should the process die first). Versions match Debian's packages,
/// which the suite's expectations were written against. CI here has no Docker daemon and runs the
/// <c>TEST_*</c> path only: this path is exercised where contributors have Docker.
/// </summary>
public static class ServiceContainers
{
    public const string RabbitMqImage = "rabbitmq:3-management";
    public const string RedisImage = "redis:7.0";
    public const string AlertmanagerImage = "prom/alertmanager:v0.25.0";
    public const string PrometheusImage = "prom/prometheus:v2.42.0";

    /// <summary>Not <c>guest</c>: RabbitMQ lets <c>guest</c> in from loopback only unless configured otherwise.</summary>
    public const string RabbitMqUser = "enrichment";
    public const string RabbitMqPassword = "enrichment";

    private const int AmqpPort = 5672;
    private const int ManagementPort = 15672;
    private const int MetricsPort = 15692;

    private static readonly ConcurrentBag<IContainer> Started = [];

    private static readonly Lazy<Task<RabbitMqContainer>> SharedRabbitMq = Shared(() => RabbitMqBuilder()
        .WithPortBinding(ManagementPort, assignRandomHostPort: true)
        .WithPortBinding(MetricsPort, assignRandomHostPort: true)
        .Build());

    // A second broker, so that stopping it (FaultBroker) never touches the one every other test shares.
    private static readonly Lazy<Task<RabbitMqContainer>> SharedFaultRabbitMq = Shared(() => RabbitMqBuilder().Build());

    private static readonly Lazy<Task<RedisContainer>> SharedRedis = Shared(() => new RedisBuilder(RedisImage).Build());

    public static string RabbitMqUrl => Amqp(Wait(SharedRabbitMq), "/").ToString();

    public static Uri RabbitMqManagement => Http(Wait(SharedRabbitMq), ManagementPort, withCredentials: true);

    public static Uri RabbitMqPrometheus => Http(Wait(SharedRabbitMq), MetricsPort, withCredentials: false);

    public static string RedisUrl => Wait(SharedRedis).GetConnectionString();

    public static RabbitMqContainer FaultRabbitMq => Wait(SharedFaultRabbitMq);

    /// <summary>An AMQP URL for <paramref name="virtualHost"/> on <paramref name="broker"/>.</summary>
    public static Uri Amqp(RabbitMqContainer broker, string virtualHost)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new UriBuilder("amqp", broker.Hostname, broker.GetMappedPublicPort(AmqpPort), virtualHost)
        {
            UserName = RabbitMqUser,
            Password = RabbitMqPassword,
        }.Uri;
    }

    /// <summary>Registers a container started outside the shared ones, so that it is removed at exit as well.</summary>
    public static T Track<T>(T container) where T : IContainer
    {
        Started.Add(container);
        return container;
    }

    private static RabbitMqBuilder RabbitMqBuilder() =>
        new RabbitMqBuilder(RabbitMqImage).WithUsername(RabbitMqUser).WithPassword(RabbitMqPassword);

    private static Uri Http(IContainer container, int port, bool withCredentials)
    {
        var uri = new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(port), "/");
        if (withCredentials)
        {
            (uri.UserName, uri.Password) = (RabbitMqUser, RabbitMqPassword);
        }
        return uri.Uri;
    }

    // Started off the test's synchronization context, so that the synchronous properties can wait for it.
    // Lazy keeps a failed start: every test after the first reports the same cause at once.
    private static Lazy<Task<T>> Shared<T>(Func<T> build) where T : IContainer =>
        new(() => Task.Run(async () =>
        {
            var container = Track(build());
            await container.StartAsync();
            return container;
        }));

    private static T Wait<T>(Lazy<Task<T>> container) => container.Value.GetAwaiter().GetResult();

    /// <summary>Removes every container the run started; called once, after the last test (<c>ServicesTestFramework</c>).</summary>
    public static async Task RemoveAllAsync()
    {
        while (Started.TryTake(out var container))
        {
            await container.DisposeAsync();
        }
    }
}
