using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Rules;
using Enrichment.Llm.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Llm.Tests;

/// <summary>
/// The chain with the real LLM classifier, its real SDK and a fake provider that names whatever host and
/// figures it is shown, as a model does. One answer serves a whole signature, so the prompt must show
/// none of them, and each alert's event must name its own.
/// </summary>
public sealed class SignatureViewTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Responder = NamesWhatItSees;
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Hosts_of_one_signature_cost_one_call_and_each_reads_its_own_host_and_figures()
    {
        var chain = Chain();

        var fresh = await chain.ClassifyAsync([DiskAlert("web-101", 91), DiskAlert("web-202", 97)], CancellationToken.None);
        var cached = await chain.ClassifyAsync([DiskAlert("web-303", 88)], CancellationToken.None);

        var request = Assert.Single(_fake.Requests);
        var prompt = request.AllText();
        foreach (var shown in new[] { "web-101", "web-202", "web-303", "9100", "91", "97" })
        {
            Assert.DoesNotContain(shown, prompt, StringComparison.Ordinal);
        }
        var alert = Assert.Single(request.Alerts());
        Assert.Equal("{{labels.instance}}", alert.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("Disk almost full on web-101:9100: Disk 91% full on web-101:9100", fresh[0]!.Summary);
        Assert.Equal("Disk almost full on web-202:9100: Disk 97% full on web-202:9100", fresh[1]!.Summary);
        Assert.Equal("Disk almost full on web-303:9100: Disk 88% full on web-303:9100", cached[0]!.Summary);
        Assert.Equal(["Free space on web-303:9100"], cached[0]!.Recommendations);
        Assert.Equal(CacheTier.L1, cached[0]!.Cache);
        Assert.All(fresh.Concat(cached), c => Assert.Equal(ClassificationSource.Llm, c!.Source));
    }

    [Fact]
    public async Task Hostile_values_in_a_volatile_label_never_reach_the_prompt_nor_steer_the_storms_verdict()
    {
        var injections = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prompt-injections.json")))
            .RootElement.EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        var storm = injections.Select((text, i) => Alert(text, $"Host {text} is down")).ToList();

        var results = await Chain().ClassifyAsync(storm, CancellationToken.None);

        // One signature, so one alert in one prompt, and that alert is the view: marks where the values were.
        var request = Assert.Single(_fake.Requests);
        var alert = Assert.Single(request.Alerts());
        Assert.Equal("{{labels.instance}}", alert.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("Host {{labels.instance}} is down", alert.GetProperty("annotations").GetProperty("summary").GetString());
        var prompt = request.AllText();
        Assert.All(injections, text => Assert.DoesNotContain(text, prompt, StringComparison.Ordinal));
        Assert.DoesNotContain("Ignore all previous", prompt, StringComparison.OrdinalIgnoreCase);
        // Each event still shows its own (hostile) value, and only its own.
        for (var i = 0; i < storm.Count; i++)
        {
            Assert.Equal($"Disk almost full on {injections[i]}: Host {injections[i]} is down", results[i]!.Summary);
        }
    }

    [Fact]
    public async Task Marks_a_model_rewrites_in_template_style_are_rendered_too()
    {
        _fake.Responder = request => FakeReply.Text(new JsonObject
        {
            ["results"] = new JsonArray(Item(1, "Disk {{ num1 }}% full on {{ $labels.instance }}", "Free space on {{.Labels.instance}}")),
        }.ToJsonString());

        var results = await Chain().ClassifyAsync([DiskAlert("web-101", 91)], CancellationToken.None);

        Assert.Equal("Disk 91% full on web-101:9100", results[0]!.Summary);
        Assert.Equal(["Free space on web-101:9100"], results[0]!.Recommendations);
    }

    private ClassificationService Chain()
    {
        var options = Options.Create(new ClassificationOptions());
        var metrics = new RecordingMetrics();
        var cache = new TieredClassificationCache(new MemoryClassificationCache(options), metrics, NullLogger<TieredClassificationCache>.Instance);
        return new ClassificationService(new RuleBasedClassifier(), options, metrics, NullLogger<ClassificationService>.Instance,
            Classifiers.Create(_fake, LlmProviders.OpenAICompatible), cache);
    }

    private static AlertData DiskAlert(string host, int percent) => Alert(host + ":9100", $"Disk {percent}% full on {host}:9100");

    private static AlertData Alert(string instance, string summary) => new()
    {
        Fingerprint = $"{(uint)instance.GetHashCode():x16}",
        Status = "firing",
        Labels = new Dictionary<string, string> { ["alertname"] = "NodeFilesystemAlmostOutOfSpace", ["severity"] = "warning", ["instance"] = instance, ["job"] = "node" },
        Annotations = new Dictionary<string, string> { ["summary"] = summary },
        GeneratorUrl = "http://prometheus-0:9090/graph?g0.expr=node_filesystem_avail_bytes+%2F+node_filesystem_size_bytes+%3C+0.1",
    };

    /// <summary>A model that names the host it is shown and quotes the summary, for every alert of the prompt.</summary>
    private static FakeReply NamesWhatItSees(RecordedRequest request) => FakeReply.Text(new JsonObject
    {
        ["results"] = new JsonArray(request.Alerts().Select(alert =>
        {
            var instance = alert.GetProperty("labels").GetProperty("instance").GetString();
            var summary = alert.GetProperty("annotations").GetProperty("summary").GetString();
            return (JsonNode)Item(alert.GetProperty("id").GetInt32(), $"Disk almost full on {instance}: {summary}", $"Free space on {instance}");
        }).ToArray()),
    }.ToJsonString());

    private static JsonObject Item(int id, string summary, string recommendation)
    {
        var item = FakeAnswers.Item(id, "warning", "storage");
        item["summary"] = summary;
        item["recommendations"] = new JsonArray(recommendation);
        return item;
    }
}
