using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Enrichment.IntegrationTests.Operations;

/// <summary>
/// What can be checked of helm/enrichment-workers without helm (not packaged for Debian, and nothing
/// may be downloaded here): the plain YAML lints and parses, every value a template reads exists in
/// values.yaml, every helper a template includes is defined, template actions are balanced, and the
/// chart declares what operators rely on. Rendering and schema validation against Kubernetes are not
/// checked here.
/// </summary>
public partial class HelmChartTests
{
    private static readonly string Chart = RepositoryPaths.Of("helm", "enrichment-workers");
    private static readonly string[] Roles = ["gateway", "worker", "notifier"];

    [Fact]
    public async Task Values_chart_compose_and_prometheus_yaml_pass_yamllint()
    {
        var result = await ExternalTool.RunAsync("yamllint", ["-c", ".yamllint.yml", "-s",
            "helm/enrichment-workers/values.yaml", "helm/enrichment-workers/Chart.yaml", "docker-compose.yml",
            "deploy/prometheus/enrichment-alerts.rules.yml", "deploy/prometheus/enrichment-alerts.test.yml",
            "deploy/prometheus/prometheus.yml", "deploy/prometheus/alertmanager.yml"]);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Chart_yaml_names_the_chart_and_a_semver_version()
    {
        var chart = LoadYaml(Path.Combine(Chart, "Chart.yaml"));
        Assert.Equal("v2", chart["apiVersion"].ToString());
        Assert.Equal("enrichment-workers", chart["name"].ToString());
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+$", chart["version"].ToString());
    }

    [Fact]
    public void Every_value_a_template_reads_exists_in_values_yaml()
    {
        var values = LoadYaml(Path.Combine(Chart, "values.yaml"));
        var missing = new List<string>();
        foreach (var (file, text) in Templates())
        {
            foreach (Match match in ValuesPath().Matches(text))
            {
                var path = match.Groups["path"].Value.Split('.');
                if (!Exists(values, path))
                {
                    missing.Add($"{file}: .Values.{match.Groups["path"].Value}");
                }
            }
            // The shared Deployment and PDB helpers read `.component.X` from each role's values.
            foreach (Match match in ComponentPath().Matches(text))
            {
                var path = match.Groups["path"].Value.Split('.');
                missing.AddRange(Roles.Where(role => !Exists(values, [role, .. path])).Select(role => $"{file}: .component.{match.Groups["path"].Value} for {role}"));
            }
        }
        Assert.True(missing.Count == 0, "missing in values.yaml:\n" + string.Join("\n", missing.Distinct()));
    }

    [Fact]
    public void Every_included_helper_is_defined_and_template_actions_are_balanced()
    {
        var templates = Templates().ToList();
        var defined = templates.SelectMany(t => Define().Matches(t.Text)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, text) in templates)
        {
            foreach (Match include in Include().Matches(text))
            {
                var name = include.Groups["name"].Value;
                Assert.True(defined.Contains(name), $"{file} includes undefined \"{name}\"");
            }
            Assert.Equal(Regex.Count(text, "\\{\\{"), Regex.Count(text, "\\}\\}"));
            var opened = BlockOpen().Count(text);
            var closed = BlockEnd().Count(text);
            Assert.True(opened == closed, $"{file}: {opened} if/with/range/define blocks, {closed} ends");
        }
    }

    [Fact]
    public void The_chart_covers_every_role_with_scaling_disruption_budgets_probes_and_a_secret_held_key()
    {
        var all = string.Join("\n", Templates().Select(t => t.Text));
        foreach (var role in Roles)
        {
            Assert.Contains($"\"role\" \"{role}\" \"component\" .Values.{role}", all, StringComparison.Ordinal);
            Assert.Contains($"include \"enrichment-workers.pdb\" (dict \"root\" $ \"role\" \"{role}\"", all, StringComparison.Ordinal);
        }
        Assert.Contains("kind: ScaledObject", all, StringComparison.Ordinal);
        Assert.Contains("queueName: enrichment-alerts", all, StringComparison.Ordinal);
        Assert.Contains("mode: QueueLength", all, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(all, "kind: HorizontalPodAutoscaler")); // gateway, and workers without KEDA
        Assert.Contains("kind: ServiceMonitor", all, StringComparison.Ordinal);
        Assert.Contains("\"LLM_API_KEY\" \"key\" .Values.secret.keys.llmApiKey", all, StringComparison.Ordinal);
        Assert.Contains(".Values.secret.existingSecret", all, StringComparison.Ordinal);

        var values = LoadYaml(Path.Combine(Chart, "values.yaml"));
        Assert.Equal("/health/live", Node(values, "probes", "liveness", "path"));
        Assert.Equal("/health/ready", Node(values, "probes", "readiness", "path"));
        Assert.Equal("true", Node(values, "podSecurityContext", "runAsNonRoot"));
        Assert.Equal("false", Node(values, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", Node(values, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("ALL", ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)values["securityContext"])["capabilities"])["drop"]).Children[0].ToString());
        // No key in the chart's defaults.
        Assert.Equal("", Node(values, "secret", "llmApiKey"));
        foreach (var role in Roles)
        {
            Assert.True(Exists(values, [role, "resources", "requests", "cpu"]), $"{role} has no CPU request (the HPA needs one)");
        }
    }

    [Fact]
    public void Admin_routes_do_not_trust_loopback_and_the_roles_that_share_the_mode_get_redis()
    {
        var templates = Templates().ToDictionary(t => t.File, t => t.Text, StringComparer.Ordinal);
        var values = LoadYaml(Path.Combine(Chart, "values.yaml"));

        // Behind a sidecar (Istio connects from 127.0.0.6) loopback is anyone: the chart turns that trust off, so the
        // admin routes need secret.adminAuthToken.
        Assert.Contains("ADMIN_ALLOW_LOOPBACK: {{ .Values.config.admin.allowLoopback | quote }}", templates["configmap.yaml"], StringComparison.Ordinal);
        Assert.Equal("false", Node(values, "config", "admin", "allowLoopback"));
        Assert.Contains("\"ADMIN_AUTH_TOKEN\" \"key\" .Values.secret.keys.adminAuthToken", templates["gateway.yaml"], StringComparison.Ordinal);
        // Split gateway and worker pods refuse to start without REDIS_URL: the chart will not render a Secret without it.
        Assert.Contains("required \"secret.redisUrl (or secret.existingSecret) is required", templates["secret.yaml"], StringComparison.Ordinal);
        Assert.NotEqual("", Node(values, "secret", "redisUrl"));
        // The model's key reaches only the workers, the one role that reads LLM_*.
        Assert.Contains("\"LLM_API_KEY\"", templates["worker.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain("LLM_API_KEY", templates["gateway.yaml"] + templates["notifier.yaml"], StringComparison.Ordinal);
    }

    private static IEnumerable<(string File, string Text)> Templates() =>
        Directory.EnumerateFiles(Path.Combine(Chart, "templates")).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    private static YamlMappingNode LoadYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static bool Exists(YamlMappingNode root, string[] path)
    {
        YamlNode current = root;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return false;
            }
            current = next;
        }
        return true;
    }

    private static string Node(YamlMappingNode root, params string[] path)
    {
        YamlNode current = root;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current)[key];
        }
        return current.ToString();
    }

    [GeneratedRegex("\\.Values\\.(?<path>[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex("\\.component\\.(?<path>[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ComponentPath();

    [GeneratedRegex("define \"(?<name>[^\"]+)\"")]
    private static partial Regex Define();

    [GeneratedRegex("include \"(?<name>[^\"]+)\"")]
    private static partial Regex Include();

    [GeneratedRegex("\\{\\{-?\\s*(if|with|range|define)\\b")]
    private static partial Regex BlockOpen();

    [GeneratedRegex("\\{\\{-?\\s*end\\b")]
    private static partial Regex BlockEnd();
}
