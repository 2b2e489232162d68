using System.Collections;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Enrichment.ServiceDefaults.Configuration;

/// <summary>
/// Maps the contract's flat variables onto configuration sections, so that each setting can be
/// given either way: <c>LLM_API_KEY</c> ≡ <c>Llm:ApiKey</c>, <c>GATEWAY_MAX_BODY_BYTES</c> ≡
/// <c>Gateway:MaxBodyBytes</c>, <c>RABBITMQ_URL</c> ≡ <c>RabbitMq:Url</c>. The .NET environment
/// provider only understands <c>Llm__ApiKey</c>; this source adds the spelling users of
/// Prometheus-world tools expect. Added last, so a variable beats appsettings.json.
/// </summary>
public sealed class EnvironmentAliasesSource : IConfigurationSource
{
    /// <summary>Variable prefix → configuration section.</summary>
    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ENRICHMENT_"] = "Enrichment",
        ["LLM_"] = "Llm",
        ["GATEWAY_"] = "Gateway",
        ["ADMIN_"] = "Admin",
        ["WORKER_"] = "Worker",
        ["NOTIFIER_"] = "Notifier",
        ["RABBITMQ_"] = "RabbitMq",
        ["REDIS_"] = "Redis",
        ["TRACING_"] = "Tracing",
        ["HISTORY_"] = "History",
        ["FEEDBACK_"] = "Feedback",
        ["INCIDENT_"] = "Incident",
    };

    public IDictionary? Variables { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(Variables ?? Environment.GetEnvironmentVariables());

    /// <summary>The fallback models' settings: <c>LLM_2_TIMEOUT</c> is the second fallback's, <c>Llm:Fallbacks:1:Timeout</c>.</summary>
    public const string FallbacksKey = "Llm:Fallbacks";

    /// <summary>
    /// <c>LLM_MAX_RETRIES</c> → <c>Llm:MaxRetries</c>; a fallback model's <c>LLM_N_MODEL</c> → <c>Llm:Fallbacks:N-1:Model</c>
    /// (so N counts from 1 like <c>LLM_FALLBACK_PROVIDERS</c> and matches a JSON array's index N-1); null when the name
    /// has no known prefix.
    /// </summary>
    public static string? ToConfigurationKey(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        foreach (var (prefix, section) in Prefixes)
        {
            if (variable.Length > prefix.Length && variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                var words = variable[prefix.Length..].Split('_', StringSplitOptions.RemoveEmptyEntries);
                var builder = new StringBuilder(section).Append(':');
                if (section == "Llm" && words.Length > 1 && words[0].All(char.IsAsciiDigit) && words[0].Length <= 3)
                {
                    builder.Clear().Append(FallbacksKey).Append(':').Append(int.Parse(words[0], System.Globalization.CultureInfo.InvariantCulture) - 1).Append(':');
                    words = words[1..];
                }
                foreach (var word in words)
                {
                    builder.Append(char.ToUpperInvariant(word[0])).Append(word[1..].ToLowerInvariant());
                }
                return builder.ToString();
            }
        }
        return null;
    }

    private sealed class Provider(IDictionary variables) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in variables)
            {
                if (entry.Key is string name && ToConfigurationKey(name) is { } key)
                {
                    data[key] = entry.Value as string;
                }
            }
            Data = data;
        }
    }
}
