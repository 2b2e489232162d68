namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>Where one of the suite's real services comes from on this run.</summary>
public enum ServiceSource
{
    /// <summary>Installed and started already; its <c>TEST_*</c> variables say where (what <c>scripts/test.sh</c> exports).</summary>
    Variables,

    /// <summary>Started by the tests in Docker (Testcontainers), once per run.</summary>
    Containers,
}

/// <summary>A real service the integration tests need, and the variable that says it is provided already.</summary>
public sealed record TestService(string Name, string Variable)
{
    public static readonly TestService RabbitMq = new("RabbitMQ (with its management API)", "TEST_RABBITMQ_URL");

    public static readonly TestService FaultRabbitMq = new("fault-injection RabbitMQ node", "TEST_FAULT_RABBITMQ_NODE");

    public static readonly TestService Redis = new("Redis", "TEST_REDIS_URL");

    public static readonly TestService Alertmanager = new("Alertmanager", "TEST_ALERTMANAGER_BINARY");

    public static readonly TestService Prometheus = new("Prometheus", "TEST_PROMETHEUS_BINARY");
}

/// <summary>
/// Chooses, per service: its <c>TEST_*</c> variable when set; otherwise containers when a Docker daemon
/// answers; otherwise a failure that names both ways. Never a skip: a skipped test would hide exactly what
/// it should find. The environment and the Docker probe are injected so that the choice itself is tested.
/// </summary>
public sealed class ServiceSelection
{
    private readonly Func<string, string?> _variable;
    private readonly Lazy<bool> _dockerAnswers;

    /// <param name="variable">Reads an environment variable.</param>
    /// <param name="dockerAnswers">Whether a Docker daemon answers; asked at most once, and only when a service has no variable.</param>
    public ServiceSelection(Func<string, string?> variable, Func<bool> dockerAnswers)
    {
        _variable = variable;
        _dockerAnswers = new Lazy<bool>(dockerAnswers);
    }

    /// <summary>This test run's selection: the process environment and the real Docker probe.</summary>
    public static ServiceSelection Current { get; } = new(Environment.GetEnvironmentVariable, DockerProbe.Answers);

    public ServiceSource Choose(TestService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (Value(service.Variable) is not null)
        {
            return ServiceSource.Variables;
        }
        return _dockerAnswers.Value ? ServiceSource.Containers : throw new InvalidOperationException(Unavailable(service));
    }

    /// <summary>
    /// A further variable of a service provided through its variables (the management URL next to the AMQP
    /// URL, say): half a set is a mistake to report, not a reason to start containers.
    /// </summary>
    public string Required(string variable, TestService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Value(variable) ?? throw new InvalidOperationException(
            $"{variable} is not set, though {service.Variable} is. Set it too (scripts/test.sh exports every TEST_* variable), "
            + $"or unset {service.Variable} to have the tests start {service.Name} in Docker instead.");
    }

    public string? Value(string variable) => _variable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>Both ways to provide the services, and what each needs.</summary>
    public static string Unavailable(TestService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"No {service.Name} for the integration tests: {service.Variable} is not set and no Docker daemon answers. Either\n"
            + "  - run the suite with scripts/test.sh (Debian/Ubuntu; it installs RabbitMQ, Redis, Alertmanager and Prometheus with apt-get, "
            + "starts them and exports the TEST_* variables), or set the TEST_* variables it exports for services you run yourself; or\n"
            + "  - start Docker (Docker Desktop, or Docker Engine; DOCKER_HOST is honoured; an Engine older than 25 also needs "
            + "DOCKER_API_VERSION set to the API version `docker version` reports): with no TEST_* variables the tests start "
            + $"{ServiceContainers.RabbitMqImage}, {ServiceContainers.RedisImage}, {ServiceContainers.AlertmanagerImage} and "
            + $"{ServiceContainers.PrometheusImage} containers themselves.";
    }
}
