using System.Net.Http.Json;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Configuration;

/// <summary>
/// Each role composes only what it uses, on real host processes: the model's settings concern the worker alone (the
/// Helm chart hands <c>LLM_ENABLED</c> to every pod but the key to workers only), the mode lives only where it is read,
/// and split roles on RabbitMQ need a mode store they all share.
/// </summary>
public class RoleCompositionTests
{
    [Fact]
    public async Task With_the_model_on_and_no_key_gateway_and_notifier_start_and_a_worker_stops_naming_LLM_API_KEY()
    {
        var modelOnNoKey = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("roles-llm"),
            ["REDIS_URL"] = TestServices.RedisUrl,
            ["REDIS_KEY_PREFIX"] = TestServices.NewRedisPrefix("roles-llm"),
            ["LLM_ENABLED"] = "true",
            ["LLM_PROVIDER"] = "openai",
        };

        await using var processes = new Processes();
        var worker = await processes.StartAsync(Env.With(modelOnNoKey, ("ENRICHMENT_ROLES", "worker")), waitForReady: false);
        var gateway = processes.StartAsync(Env.With(modelOnNoKey, ("ENRICHMENT_ROLES", "gateway")));
        var notifier = processes.StartAsync(Env.With(modelOnNoKey, ("ENRICHMENT_ROLES", "notifier")));

        // Ready, or StartAsync throws with the process's last lines.
        var gatewayReady = await ReadinessAsync(await gateway);
        var notifierReady = await ReadinessAsync(await notifier);
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the worker started without LLM_API_KEY");

        Assert.Contains(worker.StderrLines, l => l.Contains("LLM_API_KEY is required for LLM_PROVIDER=openai", StringComparison.Ordinal));
        // The mode lives where it is read: the gateway serves it, the notifier takes it from each event.
        Assert.Equal("transparent", gatewayReady.GetProperty("mode").GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, notifierReady.GetProperty("mode").ValueKind);
    }

    [Fact]
    public async Task Split_roles_on_RabbitMQ_without_Redis_refuse_to_start_naming_REDIS_URL_but_a_notifier_needs_no_mode()
    {
        var noRedis = new Dictionary<string, string> { ["RABBITMQ_URL"] = await TestServices.CreateVirtualHostAsync("roles-noredis") };

        await using var processes = new Processes();
        var gateway = await processes.StartAsync(Env.With(noRedis, ("ENRICHMENT_ROLES", "gateway")), waitForReady: false);
        var worker = await processes.StartAsync(Env.With(noRedis, ("ENRICHMENT_ROLES", "worker")), waitForReady: false);
        var notifier = processes.StartAsync(Env.With(noRedis, ("ENRICHMENT_ROLES", "notifier")));

        await notifier;
        foreach (var (role, process) in new[] { ("gateway", gateway), ("worker", worker) })
        {
            Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the {role} started on RabbitMQ without REDIS_URL");
            Assert.Contains(process.StderrLines, l => l.Contains($"REDIS_URL is required for ENRICHMENT_ROLES={role} on RabbitMQ", StringComparison.Ordinal));
        }
    }

    private static async Task<JsonElement> ReadinessAsync(HostProcess host) =>
        await host.Http.GetFromJsonAsync<JsonElement>("/health/ready");

    /// <summary>Host processes started together and all stopped at the end, however the test ends.</summary>
    private sealed class Processes : IAsyncDisposable
    {
        private readonly List<Task<HostProcess>> _started = [];

        public Task<HostProcess> StartAsync(Dictionary<string, string> environment, bool waitForReady = true)
        {
            var start = HostProcess.StartAsync(environment, waitForReady);
            _started.Add(start);
            return start;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var start in _started)
            {
                try
                {
                    await (await start).DisposeAsync();
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    // It never became ready; the test has already failed on that.
                }
            }
        }
    }
}
