using Enrichment.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// docker-compose.yml as Debian's docker-compose resolves it (<c>config</c> needs no engine): every
/// role on real RabbitMQ and Redis, two workers, the optional profiles, and the key from the env file.
/// </summary>
public class ComposeFileTests
{
    [Fact]
    public async Task Without_a_profile_the_stack_is_rabbitmq_redis_and_the_three_roles()
    {
        // Debian's docker-compose (1.29) lists profiled services in `config` too, with their `profiles`.
        var services = await ServicesAsync([]);
        var always = services.Where(s => !s.Value.Children.ContainsKey(new YamlScalarNode("profiles"))).Select(s => s.Key);
        Assert.Equal(["gateway", "notifier", "rabbitmq", "redis", "worker"], always.Order(StringComparer.Ordinal));
        Assert.Equal("ollama", Profile(services["ollama"]));
        Assert.Equal("monitoring", Profile(services["prometheus"]));
        Assert.Equal("monitoring", Profile(services["alertmanager"]));
    }

    private static string Profile(YamlMappingNode service) => ((YamlSequenceNode)service["profiles"]).Children.Single().ToString();

    [Fact]
    public async Task Profiles_add_ollama_prometheus_and_alertmanager_and_the_env_file_carries_the_key()
    {
        var envFile = Path.Combine(Path.GetTempPath(), $"enrichment-compose-{Guid.NewGuid():N}.env");
        var example = await File.ReadAllTextAsync(RepositoryPaths.Of(".env.example"));
        // The documented example, with a key filled in the way a user would.
        await File.WriteAllTextAsync(envFile, example.Replace("LLM_API_KEY=\n", "LLM_API_KEY=sk-test-from-env-file\n", StringComparison.Ordinal));
        try
        {
            var services = await ServicesAsync(["--env-file", envFile, "--profile", "ollama", "--profile", "monitoring"]);
            Assert.Equal(["alertmanager", "gateway", "notifier", "ollama", "prometheus", "rabbitmq", "redis", "worker"],
                services.Keys.Order(StringComparer.Ordinal));

            foreach (var (role, service) in new[] { ("gateway", services["gateway"]), ("worker", services["worker"]), ("notifier", services["notifier"]) })
            {
                var environment = Environment(service);
                Assert.Equal(role, environment["ENRICHMENT_ROLES"]);
                Assert.StartsWith("amqp://", environment["RABBITMQ_URL"], StringComparison.Ordinal);
                Assert.Contains("@rabbitmq:5672", environment["RABBITMQ_URL"], StringComparison.Ordinal);
                Assert.Equal("redis:6379", environment["REDIS_URL"]);
                Assert.Equal("deploy/Dockerfile", Scalar(service, "build", "dockerfile"));
            }
            // The key reaches the workers only, from the env file.
            Assert.Equal("sk-test-from-env-file", Environment(services["worker"])["LLM_API_KEY"]);
            Assert.False(Environment(services["gateway"]).ContainsKey("LLM_API_KEY"));
            Assert.False(Environment(services["notifier"]).ContainsKey("LLM_API_KEY"));
            Assert.Equal("2", Scalar(services["worker"], "deploy", "replicas"));
            Assert.Contains("management", Scalar(services["rabbitmq"], "image"), StringComparison.Ordinal);
            // Prometheus gets its config and the service's alert rules.
            var volumes = ((YamlSequenceNode)services["prometheus"]["volumes"]).Children.Select(v => v.ToString()).ToList();
            Assert.Contains(volumes, v => v.Contains("enrichment-alerts.rules.yml", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static async Task<Dictionary<string, YamlMappingNode>> ServicesAsync(string[] options)
    {
        var result = await ExternalTool.RunAsync("docker-compose", [.. options, "-f", RepositoryPaths.Of("docker-compose.yml"), "config"]);
        Assert.True(result.ExitCode == 0, result.Output);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(result.Stdout));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlMappingNode)root["services"]).Children.ToDictionary(kv => kv.Key.ToString(), kv => (YamlMappingNode)kv.Value);
    }

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service["environment"]).Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString());

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current)[key];
        }
        return current.ToString();
    }
}
