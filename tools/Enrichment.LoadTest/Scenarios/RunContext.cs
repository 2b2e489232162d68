using Enrichment.LoadTest.Infrastructure;
using Enrichment.LoadTest.Load;

namespace Enrichment.LoadTest.Scenarios;

/// <summary>What every scenario of one run shares: the options, the run's virtual host and the sender.</summary>
public sealed class RunContext(LoadOptions options, string runId, Broker broker, string amqpUrl, Sender sender, BackingServices services)
{
    private int _prefixes;

    public LoadOptions Options => options;

    public string RunId => runId;

    public Broker Broker => broker;

    public Sender Sender => sender;

    /// <summary>The broker's and Redis' processes, whose CPU counts with the service's.</summary>
    public BackingServices Services => services;

    /// <summary>The table, filled in as the scenarios run.</summary>
    public Summary Summary { get; } = new();

    /// <summary>Environment of every service process: the run's bus and a Redis prefix of the scenario's own (an empty cache).</summary>
    public Dictionary<string, string> SharedEnvironment(string scenario)
    {
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = amqpUrl,
            ["REDIS_URL"] = options.Redis,
            ["REDIS_KEY_PREFIX"] = $"load:{runId}:{scenario}{Interlocked.Increment(ref _prefixes)}:",
            ["ENRICHMENT_MODE"] = "enriched",
        };
        // As the image runs it (deploy/Dockerfile); with --host build, a build's own defaults but for server GC.
        foreach (var (key, value) in options.Host == "publish" ? HostPublish.ImageEnvironment : HostPublish.ImageEnvironment.Where(e => e.Key == "DOTNET_gcServer"))
        {
            environment[key] = value;
        }
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }
        return environment;
    }

    /// <summary>Worker environment for the fake model.</summary>
    public static Dictionary<string, string> ModelEnvironment(FakeModel model) => new()
    {
        ["LLM_ENABLED"] = "true",
        ["LLM_PROVIDER"] = "openai-compatible",
        ["LLM_BASE_URL"] = model.BaseUrl.ToString(),
        ["LLM_API_KEY"] = "sk-load-test-not-a-key",
        ["LLM_MODEL"] = "load-model",
        ["LLM_TIMEOUT"] = "30s",
    };

    /// <summary>Requests of <paramref name="perRequest"/> alerts covering alerts <paramref name="first"/>..first+count.</summary>
    public static List<Sender.Request> Requests(int first, int count, int perRequest, Func<int, int, byte[]> body)
    {
        var requests = new List<Sender.Request>((count + perRequest - 1) / perRequest);
        for (var i = first; i < first + count; i += perRequest)
        {
            var size = Math.Min(perRequest, first + count - i);
            requests.Add(new Sender.Request(body(i, size), size));
        }
        return requests;
    }
}
