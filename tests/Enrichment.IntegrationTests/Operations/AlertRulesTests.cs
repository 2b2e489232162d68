using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>The service's own alert rules: valid, behaving as their unit tests say, each with a runbook that exists.</summary>
public partial class AlertRulesTests
{
    [Fact]
    public async Task Rules_pass_promtool_check_rules()
    {
        var result = await ExternalTool.RunAsync("promtool", ["check", "rules", AlertRules.RulesFile]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS: 6 rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_fire_as_their_promtool_unit_tests_expect()
    {
        // Each alert fires on the series it is meant for and stays quiet on the others (e.g. a rules-only worker).
        var result = await ExternalTool.RunAsync("promtool", ["test", "rules", "enrichment-alerts.test.yml"],
            workingDirectory: RepositoryPaths.Of("deploy", "prometheus"));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Compose_prometheus_and_alertmanager_configs_are_valid()
    {
        var prometheus = await ExternalTool.RunAsync("promtool", ["check", "config", "--syntax-only", RepositoryPaths.Of("deploy", "prometheus", "prometheus.yml")]);
        Assert.True(prometheus.ExitCode == 0, prometheus.Output);
        var alertmanager = await ExternalTool.RunAsync("amtool", ["check-config", RepositoryPaths.Of("deploy", "prometheus", "alertmanager.yml")]);
        Assert.True(alertmanager.ExitCode == 0, alertmanager.Output);
    }

    [Fact]
    public void Every_rule_has_a_summary_and_a_runbook_anchor_that_exists_in_the_operations_guide()
    {
        var anchors = Anchors(File.ReadAllText(RepositoryPaths.Of("docs", "OPERATIONS.md")));
        var rules = AlertRules.Load();
        Assert.Equal(6, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.True(rule.Annotations.ContainsKey("summary"), rule.Alert);
            var runbook = rule.Annotations["runbook_url"];
            Assert.StartsWith("docs/OPERATIONS.md#", runbook, StringComparison.Ordinal);
            Assert.Contains(runbook.Split('#')[1], anchors);
        });
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        markdown.Split('\n').Where(l => l.StartsWith('#'))
            .Select(l => NotAnchorCharacter().Replace(l.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotAnchorCharacter();
}
