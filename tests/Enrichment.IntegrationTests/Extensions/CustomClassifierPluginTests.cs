using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Host.Composition.Plugins;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Extensions;

/// <summary>
/// The example plug-in (<c>examples/custom-llm-classifier</c>, built with the tests) loaded by the real
/// host through <c>ENRICHMENT_PLUGINS</c>, as its README tells a team to run it.
/// </summary>
public sealed class CustomClassifierPluginTests
{
    [Fact]
    public async Task The_plugin_answers_what_the_team_knows_and_the_rules_answer_the_rest()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["ENRICHMENT_MODE"] = "enriched",
            ["ENRICHMENT_PLUGINS"] = PluginDll(),
        });

        var events = await PostFiveAlertsAsync(host);

        var postgres = Classification(events, "PostgresqlTooManyConnections");
        Assert.Equal("plugin", postgres.GetProperty("source").GetString());
        Assert.Equal("team-knowledge", postgres.GetProperty("provider").GetString());
        Assert.Equal("team-knowledge.yaml", postgres.GetProperty("model").GetString());
        Assert.Equal("critical", postgres.GetProperty("severity").GetString()); // the alert says warning; the team knows better
        Assert.Equal("database", postgres.GetProperty("category").GetString());
        Assert.StartsWith("Orders database is running out of connections", postgres.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, postgres.GetProperty("recommendations").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, postgres.GetProperty("degradedReason").ValueKind);

        var crashLoop = Classification(events, "KubernetesPodCrashLooping"); // matched on alertname and namespace=shop
        Assert.Equal("team-knowledge", crashLoop.GetProperty("provider").GetString());
        Assert.Equal("application", crashLoop.GetProperty("category").GetString());

        foreach (var unknown in new[] { "HostOutOfDiskSpace", "SslCertificateExpiringSoon", "RabbitmqTooManyUnackMessages" })
        {
            var rules = Classification(events, unknown);
            Assert.Equal("rules", rules.GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, rules.GetProperty("provider").ValueKind);
            Assert.Equal(JsonValueKind.Null, rules.GetProperty("degradedReason").ValueKind);
        }
        Assert.Equal("storage", Classification(events, "HostOutOfDiskSpace").GetProperty("category").GetString());
        Assert.Contains(host.StderrLines, l => l.Contains("Loaded plug-in TeamKnowledge.Classifier.TeamKnowledgePlugin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_llm_enabled_too_the_plugin_answers_and_the_host_says_so()
    {
        var knowledge = Path.Combine(Path.GetTempPath(), $"team-knowledge-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(knowledge, """
            - match: {alertname: SslCertificateExpiringSoon}
              severity: warning
              category: security
              summary: Renew the shop certificate before the weekend freeze
            """);
        try
        {
            await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
            {
                ["ENRICHMENT_MODE"] = "enriched",
                ["ENRICHMENT_PLUGINS"] = PluginDll(),
                ["TEAM_KNOWLEDGE_FILE"] = knowledge,
                // A model nobody listens on: were it asked, its alerts would come back degraded.
                ["LLM_ENABLED"] = "true",
                ["LLM_PROVIDER"] = "openai-compatible",
                ["LLM_BASE_URL"] = $"http://127.0.0.1:{HostProcess.FreePort()}/v1",
                ["LLM_MAX_RETRIES"] = "0",
            });

            var events = await PostFiveAlertsAsync(host);

            var certificate = Classification(events, "SslCertificateExpiringSoon");
            Assert.Equal("team-knowledge", certificate.GetProperty("provider").GetString());
            Assert.Equal("plugin", certificate.GetProperty("source").GetString());
            Assert.Equal("Renew the shop certificate before the weekend freeze", certificate.GetProperty("summary").GetString());
            Assert.All(events, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("classification").GetProperty("degradedReason").ValueKind));
            Assert.Equal("rules", Classification(events, "PostgresqlTooManyConnections").GetProperty("source").GetString());
            Assert.Contains(host.StderrLines, l => l.Contains("a plug-in registers its own classifier", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(knowledge);
        }
    }

    [Fact]
    public async Task A_missing_file_or_a_dll_without_a_plugin_stops_the_host_naming_the_variable()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-plugin.dll");
        // A real .NET assembly with no IEnrichmentPlugin in it.
        var notAPlugin = Path.Combine(Path.GetDirectoryName(PluginDll())!, "YamlDotNet.dll");

        foreach (var (path, expected) in new[] { (missing, "does not exist"), (notAPlugin, "has no public class implementing Enrichment.Core.Plugins.IEnrichmentPlugin") })
        {
            await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["ENRICHMENT_PLUGINS"] = path }, waitForReady: false);
            Assert.True(await host.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the host started with ENRICHMENT_PLUGINS=" + path);
            Assert.Contains(host.StderrLines, l => l.Contains($"ENRICHMENT_PLUGINS: '{path}' {expected}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_host_marks_a_plugins_own_answers_plugin_whatever_it_wrote_and_leaves_rule_verdicts_alone()
    {
        // A plug-in that passes its answers off as the model's, and hands one alert on to the rules.
        var claimsToBeTheModel = new FixedClassifier(
            ClassifierAnswer.Answered(Verdict(ClassificationSource.Llm)),
            ClassifierAnswer.Answered(Verdict(ClassificationSource.Rules)),
            ClassifierAnswer.Failed(DegradedReason.Timeout));
        var seen = new PluginClassifier(claimsToBeTheModel);
        AlertData[] alerts = [.. Enumerable.Range(0, 3).Select(i => new AlertData
        {
            Fingerprint = $"f{i}", Status = "firing", Labels = new Dictionary<string, string> { ["alertname"] = $"A{i}" },
        })];

        var answers = await seen.ClassifyAsync(alerts, CancellationToken.None);

        Assert.Equal("plugin", answers[0].Classification?.Source);
        Assert.Equal("rules", answers[1].Classification?.Source);
        Assert.Equal(DegradedReason.Timeout, answers[2].DegradedReason);
        Assert.Equal(claimsToBeTheModel.CacheNamespace, seen.CacheNamespace);
    }

    private sealed class FixedClassifier(params ClassifierAnswer[] answers) : IAlertClassifier
    {
        public string CacheNamespace => "fixed/v1";

        public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClassifierAnswer>>(answers);
    }

    private static AlertClassification Verdict(string source) => new()
    {
        Severity = Severity.Warning, Category = AlertCategory.Database, Confidence = 0.9, Summary = "s", Source = source,
    };

    /// <summary>The example's build output, in the configuration the tests were built in.</summary>
    private static string PluginDll()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = RepositoryPaths.Of("examples", "custom-llm-classifier", "bin", configuration, "net10.0", "TeamKnowledge.Classifier.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the example plug-in was not built with the tests", dll);
    }

    private static async Task<List<JsonElement>> PostFiveAlertsAsync(HostProcess host)
    {
        var webhook = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "alerts", "webhook-five-alerts.json"));
        var response = await host.Http.PostAsync("/webhook", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.AlertEventLines.Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(host.AlertEventLines.Count >= 5, $"expected 5 events on stdout, saw {host.AlertEventLines.Count}");
        return host.AlertEventLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static JsonElement Classification(IEnumerable<JsonElement> events, string alertname) =>
        events.Single(e => e.GetProperty("alert").GetProperty("labels").GetProperty("alertname").GetString() == alertname)
            .GetProperty("classification");
}
