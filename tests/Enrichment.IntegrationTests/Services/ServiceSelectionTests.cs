using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Services;

/// <summary>
/// Where the suite's services come from, chosen with an injected environment and a fake Docker probe: no
/// container is started here (this machine has no Docker daemon), and the choice is what these tests check.
/// </summary>
public class ServiceSelectionTests
{
    private static readonly TestService[] All =
        [TestService.RabbitMq, TestService.FaultRabbitMq, TestService.Redis, TestService.Alertmanager, TestService.Prometheus];

    /// <summary>What scripts/test.sh exports.</summary>
    private static readonly Dictionary<string, string> ScriptVariables = new()
    {
        ["TEST_RABBITMQ_URL"] = "amqp://guest:guest@localhost:5672/",
        ["TEST_RABBITMQ_MANAGEMENT_URL"] = "http://guest:guest@localhost:15672/",
        ["TEST_RABBITMQ_PROMETHEUS_URL"] = "http://localhost:15692/",
        ["TEST_FAULT_RABBITMQ_NODE"] = "faults",
        ["TEST_FAULT_RABBITMQ_PORT"] = "5673",
        ["TEST_REDIS_URL"] = "localhost:6379",
        ["TEST_ALERTMANAGER_BINARY"] = "/usr/bin/prometheus-alertmanager",
        ["TEST_PROMETHEUS_BINARY"] = "/usr/bin/prometheus",
    };

    [Fact]
    public void With_the_TEST_variables_set_every_service_comes_from_them_and_Docker_is_never_asked()
    {
        var docker = new FakeDocker(answers: true);
        var selection = new ServiceSelection(Environment(ScriptVariables), docker.Answers);

        Assert.All(All, service => Assert.Equal(ServiceSource.Variables, selection.Choose(service)));
        Assert.Equal("http://guest:guest@localhost:15672/", selection.Required("TEST_RABBITMQ_MANAGEMENT_URL", TestService.RabbitMq));
        Assert.Equal(0, docker.Asked);
    }

    [Fact]
    public void Without_the_variables_and_without_a_Docker_daemon_every_service_fails_at_once_naming_both_ways()
    {
        var docker = new FakeDocker(answers: false);
        var selection = new ServiceSelection(Environment([]), docker.Answers);

        foreach (var service in All)
        {
            var failure = Assert.Throws<InvalidOperationException>(() => selection.Choose(service));
            Assert.Contains($"{service.Variable} is not set and no Docker daemon answers", failure.Message, StringComparison.Ordinal);
            Assert.Contains("scripts/test.sh", failure.Message, StringComparison.Ordinal);
            Assert.Contains("set the TEST_* variables", failure.Message, StringComparison.Ordinal);
            Assert.Contains("start Docker", failure.Message, StringComparison.Ordinal);
            Assert.Contains(ServiceContainers.RabbitMqImage, failure.Message, StringComparison.Ordinal);
            Assert.Contains(ServiceContainers.AlertmanagerImage, failure.Message, StringComparison.Ordinal);
        }
        // One probe for the whole run: with no daemon every later test fails without asking again.
        Assert.Equal(1, docker.Asked);
    }

    [Fact]
    public void Without_the_variables_and_with_a_Docker_daemon_every_service_comes_from_containers()
    {
        var docker = new FakeDocker(answers: true);
        var selection = new ServiceSelection(Environment([]), docker.Answers);

        Assert.All(All, service => Assert.Equal(ServiceSource.Containers, selection.Choose(service)));
        Assert.Equal(1, docker.Asked);
    }

    [Fact]
    public void Each_service_is_chosen_on_its_own_variable()
    {
        var variables = new Dictionary<string, string>(ScriptVariables);
        variables.Remove("TEST_FAULT_RABBITMQ_NODE");
        variables.Remove("TEST_PROMETHEUS_BINARY");
        var selection = new ServiceSelection(Environment(variables), new FakeDocker(answers: true).Answers);

        Assert.Equal(ServiceSource.Variables, selection.Choose(TestService.RabbitMq));
        Assert.Equal(ServiceSource.Variables, selection.Choose(TestService.Redis));
        Assert.Equal(ServiceSource.Variables, selection.Choose(TestService.Alertmanager));
        Assert.Equal(ServiceSource.Containers, selection.Choose(TestService.FaultRabbitMq));
        Assert.Equal(ServiceSource.Containers, selection.Choose(TestService.Prometheus));
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        // scripts/test.sh exports TEST_PROMETHEUS_BINARY="$(command -v prometheus)", empty where none is installed.
        var selection = new ServiceSelection(Environment(new() { ["TEST_PROMETHEUS_BINARY"] = "" }), new FakeDocker(answers: false).Answers);

        var failure = Assert.Throws<InvalidOperationException>(() => selection.Choose(TestService.Prometheus));
        Assert.Contains("TEST_PROMETHEUS_BINARY is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_a_set_of_a_services_variables_is_reported_and_does_not_fall_back_to_containers()
    {
        var variables = new Dictionary<string, string>(ScriptVariables);
        variables.Remove("TEST_RABBITMQ_MANAGEMENT_URL");
        var docker = new FakeDocker(answers: true);
        var selection = new ServiceSelection(Environment(variables), docker.Answers);

        Assert.Equal(ServiceSource.Variables, selection.Choose(TestService.RabbitMq));
        var failure = Assert.Throws<InvalidOperationException>(() => selection.Required("TEST_RABBITMQ_MANAGEMENT_URL", TestService.RabbitMq));
        Assert.Equal(
            "TEST_RABBITMQ_MANAGEMENT_URL is not set, though TEST_RABBITMQ_URL is. Set it too (scripts/test.sh exports every TEST_* variable), "
            + "or unset TEST_RABBITMQ_URL to have the tests start RabbitMQ (with its management API) in Docker instead.",
            failure.Message);
        Assert.Equal(0, docker.Asked);
    }

    private static Func<string, string?> Environment(Dictionary<string, string> variables) =>
        name => variables.GetValueOrDefault(name);

    private sealed class FakeDocker(bool answers)
    {
        public int Asked { get; private set; }

        public bool Answers()
        {
            Asked++;
            return answers;
        }
    }
}
