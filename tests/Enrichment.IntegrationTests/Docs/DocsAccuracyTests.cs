using System.Reflection;
using System.Text.RegularExpressions;
using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.ServiceDefaults.Configuration;

namespace Enrichment.IntegrationTests.Docs;

/// <summary>
/// Every variable, route and metric the README and the guides name exists in the code, so a user who
/// copies one from the docs gets a setting the host reads, a route it serves, a series it exports.
/// </summary>
public sealed partial class DocsAccuracyTests
{
    private static readonly Lazy<IReadOnlyList<(string File, string Text)>> Docs = new(() =>
        new[] { RepositoryPaths.Of("README.md") }
            .Concat(Directory.GetFiles(RepositoryPaths.Of("docs"), "*.md"))
            .Concat(Directory.GetFiles(RepositoryPaths.Of("examples"), "README.md", SearchOption.AllDirectories))
            .Select(f => (Path.GetRelativePath(RepositoryPaths.Root, f), File.ReadAllText(f)))
            .ToList());

    private static readonly Lazy<string> Source = new(() => string.Join('\n',
        Directory.GetFiles(RepositoryPaths.Of("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)));

    [Fact]
    public void Every_variable_the_docs_name_is_read_by_the_code()
    {
        var known = KnownConfigurationKeys();
        var named = Mentions(VariablePattern());
        Assert.True(named.Count >= 50, $"found only {named.Count} variables in the docs: is the pattern still right?");

        var unknown = Unmatched(named, variable => EnvironmentAliasesSource.ToConfigurationKey(variable) is { } mapped
            && OwnSetting(mapped) is { } key
            && (known.Contains(key) || Source.Value.Contains($"\"{key}\"", StringComparison.OrdinalIgnoreCase)));
        Assert.True(unknown.Count == 0, "named in the docs but read by no options class:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_metric_the_docs_name_is_exported_by_the_code()
    {
        var named = Mentions(MetricPattern());
        Assert.True(named.Count >= 10, $"found only {named.Count} metrics in the docs");

        var unknown = Unmatched(named, Exported);
        Assert.True(unknown.Count == 0, "named in the docs but exported by no code:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_route_the_docs_name_is_mapped_by_the_code()
    {
        var named = Mentions(RoutePattern());
        Assert.True(named.Count >= 8, $"found only {named.Count} routes in the docs");

        var mapped = MapCallPattern().Matches(Source.Value).Select(m => $"{Verb(m.Groups[1].Value)} {m.Groups[2].Value}").ToHashSet();
        var unknown = named.Keys.Where(r => !mapped.Contains(r)).ToList();
        Assert.True(unknown.Count == 0, "named in the docs but mapped by no endpoint:\n" + string.Join('\n', unknown)
            + "\nmapped: " + string.Join(", ", mapped));
    }

    [Fact]
    public void Every_repository_path_the_docs_name_exists()
    {
        var named = Mentions(RepositoryPathPattern());
        Assert.True(named.Count >= 30, $"found only {named.Count} paths in the docs");

        var missing = Unmatched(named, PathExists);
        Assert.True(missing.Count == 0, "named in the docs but not in the repository:\n" + string.Join('\n', missing));
    }

    /// <summary>A file, a folder, a file named without its <c>.cs</c>, or a glob's folder.</summary>
    private static bool PathExists(string relative)
    {
        var path = RepositoryPaths.Of(relative.Split('/'));
        var wildcard = path.IndexOf('*', StringComparison.Ordinal);
        if (wildcard >= 0)
        {
            return Directory.Exists(Path.GetDirectoryName(path[..wildcard]));
        }
        return File.Exists(path) || Directory.Exists(path) || File.Exists(path + ".cs");
    }

    [Fact]
    public void The_configuration_reference_lists_every_option()
    {
        var reference = File.ReadAllText(RepositoryPaths.Of("docs", "CONFIGURATION.md"));
        var sections = EnvironmentAliasesSource.Prefixes.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
        var options = KnownConfigurationKeys()
            .Select(key => key.Split(':'))
            .Where(parts => sections.ContainsKey(parts[0]))
            .Select(parts => sections[parts[0]] + UpperSnake(parts[1]))
            .ToList();
        Assert.True(options.Count >= 60, $"found only {options.Count} options");

        // PriceInputPer1k is LLM_PRICE_INPUT_PER_1K: a number after a lower-case letter starts a word too.
        var missing = options.Where(v => !reference.Contains($"`{v}`", StringComparison.Ordinal)
            && !reference.Contains($"`{NumberWords().Replace(v, "_$1")}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "options not in docs/CONFIGURATION.md:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_readme_links_every_guide_and_shows_the_architecture_picture()
    {
        var readme = File.ReadAllText(RepositoryPaths.Of("README.md"));
        var unlinked = Directory.GetFiles(RepositoryPaths.Of("docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f))
            .Where(f => !readme.Contains($"]({f}", StringComparison.Ordinal))
            .ToList();
        Assert.True(unlinked.Count == 0, "README.md does not link:\n" + string.Join('\n', unlinked));

        var architecture = MermaidBlock().Match(File.ReadAllText(RepositoryPaths.Of("docs", "ARCHITECTURE.md")));
        Assert.True(architecture.Success, "docs/ARCHITECTURE.md has no mermaid diagram");
        Assert.Contains(architecture.Value, readme, StringComparison.Ordinal);
    }

    /// <summary>
    /// A fallback model's setting (<c>LLM_2_MODEL</c> → <c>Llm:Fallbacks:1:Model</c>) is the same option as the
    /// primary's (<c>Llm:Model</c>); null for a fallback number nobody can configure.
    /// </summary>
    private static string? OwnSetting(string key)
    {
        var match = FallbackSetting().Match(key);
        return !match.Success ? key : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is >= 0 and < 9 ? "Llm:" + match.Groups[2].Value : null;
    }

    /// <summary><c>AuthTokenFile</c> → <c>AUTH_TOKEN_FILE</c>, <c>CacheL1Size</c> → <c>CACHE_L1_SIZE</c>.</summary>
    private static string UpperSnake(string property) =>
        string.Concat(property.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    /// <summary>The names <paramref name="exists"/> does not know, each with the files that mention it.</summary>
    private static List<string> Unmatched(Dictionary<string, SortedSet<string>> named, Func<string, bool> exists) =>
        named.Where(m => !exists(m.Key)).Select(m => $"{m.Key} ({string.Join(", ", m.Value)})").ToList();

    /// <summary>Name → the files that mention it.</summary>
    private static Dictionary<string, SortedSet<string>> Mentions(Regex pattern)
    {
        var mentions = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (file, text) in Docs.Value)
        {
            foreach (Match match in pattern.Matches(text))
            {
                var name = match.Groups.Count > 2 && match.Groups[2].Success ? $"{match.Groups[1].Value} {match.Groups[2].Value}" : match.Groups[1].Value;
                if (!mentions.TryGetValue(name, out var files))
                {
                    mentions[name] = files = new SortedSet<string>(StringComparer.Ordinal);
                }
                files.Add(file);
            }
        }
        return mentions;
    }

    /// <summary>
    /// <c>Section:Property</c> of every options class of the service: a class with a <c>const string</c>
    /// naming its section (<c>Section</c>, <c>GatewaySection</c>, …) and the properties bound from it.
    /// </summary>
    private static HashSet<string> KnownConfigurationKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in ServiceAssemblies())
        {
            foreach (var type in assembly.GetTypes())
            {
                var sections = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Section", StringComparison.Ordinal))
                    .Select(f => (string)f.GetRawConstantValue()!);
                foreach (var section in sections)
                {
                    foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                    {
                        keys.Add($"{section}:{property.Name}");
                    }
                }
            }
        }
        return keys;
    }

    private static IEnumerable<Assembly> ServiceAssemblies()
    {
        var directory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        return Directory.GetFiles(directory, "Enrichment.*.dll")
            .Where(f => !Path.GetFileName(f).Contains("Tests", StringComparison.Ordinal))
            .Select(f => Assembly.LoadFrom(f));
    }

    private static bool Exported(string metric)
    {
        if (Source.Value.Contains($"\"{metric}\"", StringComparison.Ordinal))
        {
            return true;
        }
        // Histograms are exported as name_bucket, name_sum and name_count.
        var histogram = HistogramSuffix().Replace(metric, "");
        return histogram != metric && Source.Value.Contains($"\"{histogram}\"", StringComparison.Ordinal);
    }

    private static string Verb(string method) => method switch
    {
        "Post" => "POST",
        "Put" => "PUT",
        "Delete" => "DELETE",
        _ => "GET", // MapGet, MapHealthChecks, MapMetrics
    };

    // A variable of the service's prefixes; LLM_* and LLM_CACHE_* (families, not names) are skipped, and so are
    // shell variables in commands ($FEEDBACK_TOKEN: the reader's own, not a setting of the service).
    [GeneratedRegex(@"(?<!\$)\b((?:ENRICHMENT|LLM|GATEWAY|NOTIFIER|WORKER|REDIS|RABBITMQ|ADMIN|HISTORY|FEEDBACK|INCIDENT)_[A-Z0-9_]*[A-Z0-9])\b(?!_?\*)(?!\.md)")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\b(enrichment_[a-z0-9_]*[a-z0-9])\b(?!_?\*)(?!\.md)")]
    private static partial Regex MetricPattern();

    [GeneratedRegex(@"(?<![\w./-])((?:src|tests|tools|bench|examples|deploy|helm|scripts)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*])")]
    private static partial Regex RepositoryPathPattern();

    [GeneratedRegex(@"\b(GET|POST|PUT|DELETE) (/[A-Za-z0-9/_.{}-]*[A-Za-z0-9}])")]
    private static partial Regex RoutePattern();

    [GeneratedRegex(@"Map(Get|Post|Put|Delete|HealthChecks|Metrics)\(""(/[^""]*)""")]
    private static partial Regex MapCallPattern();

    [GeneratedRegex("```mermaid\\n.*?```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex(@"^Llm:Fallbacks:(-?\d+):(.+)$")]
    private static partial Regex FallbackSetting();

    [GeneratedRegex("(?<=[A-Z])([0-9]+)")]
    private static partial Regex NumberWords();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
