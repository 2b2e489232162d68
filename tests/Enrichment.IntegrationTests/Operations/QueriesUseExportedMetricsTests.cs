using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// The dashboard and the alert rules query only names that really exist: those the three roles expose
/// after traffic, and those RabbitMQ's own plugin exposes for the service's queues.
/// </summary>
[Collection(RunningPipelineFixture.Collection)]
public class QueriesUseExportedMetricsTests(RunningPipelineFixture pipeline)
{
    [Fact]
    public void Every_dashboard_query_uses_exported_metric_names()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Of("deploy", "grafana", "enrichment-dashboard.json")));
        var expressions = new List<string>();
        Collect(dashboard.RootElement, expressions);
        Assert.True(expressions.Count >= 15, $"only {expressions.Count} queries found");
        AssertAllExported(expressions, "dashboard");
    }

    [Fact]
    public void Every_alert_rule_uses_exported_metric_names()
    {
        var expressions = AlertRules.Load().Select(r => r.Expression).ToList();
        Assert.NotEmpty(expressions);
        AssertAllExported(expressions, "alert rules");
    }

    private void AssertAllExported(List<string> expressions, string what)
    {
        var exported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scrape in pipeline.Scrapes.Values)
        {
            exported.UnionWith(PrometheusExposition.Names(scrape));
        }
        var rabbit = PrometheusExposition.Names(pipeline.RabbitMqScrape);
        // The service's queues really are in RabbitMQ's per-object output, with the label the queries select on.
        Assert.Contains("queue=\"enrichment-alerts\"", pipeline.RabbitMqScrape, StringComparison.Ordinal);
        Assert.Contains("_error\"", pipeline.RabbitMqScrape, StringComparison.Ordinal);
        exported.UnionWith(rabbit);

        var used = expressions.SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        var unknown = used.Where(n => !exported.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"{what} query names nobody exports: {string.Join(", ", unknown)}");
    }

    /// <summary>Panel targets' <c>expr</c> and template variables' queries, wherever they nest.</summary>
    private static void Collect(JsonElement element, List<string> expressions)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && (property.Name == "expr" || property.Name == "definition"))
                    {
                        var text = property.Value.GetString()!;
                        // label_values(metric, label) names its metric as the first argument.
                        expressions.Add(text.StartsWith("label_values(", StringComparison.Ordinal) ? text["label_values(".Length..].Split(',')[0] : text);
                    }
                    else
                    {
                        Collect(property.Value, expressions);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, expressions);
                }
                break;
        }
    }
}

/// <summary>The rules of deploy/prometheus/enrichment-alerts.rules.yml.</summary>
public static class AlertRules
{
    public sealed record Rule(string Alert, string Expression, IReadOnlyDictionary<string, string> Annotations);

    public static string RulesFile => RepositoryPaths.Of("deploy", "prometheus", "enrichment-alerts.rules.yml");

    public static IReadOnlyList<Rule> Load()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RulesFile))
        {
            yaml.Load(reader);
        }
        var rules = new List<Rule>();
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (YamlMappingNode group in (YamlSequenceNode)root["groups"])
        {
            foreach (YamlMappingNode rule in (YamlSequenceNode)group["rules"])
            {
                var annotations = ((YamlMappingNode)rule["annotations"]).Children
                    .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!);
                rules.Add(new Rule(((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!, annotations));
            }
        }
        return rules;
    }
}
