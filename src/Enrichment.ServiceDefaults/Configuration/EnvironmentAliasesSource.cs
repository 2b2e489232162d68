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
        ["INCIDENT_"] = "Incident",
    };

    public IDictionary? Variables { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(Variables ?? Environment.GetEnvironmentVariables());

    /// <summary><c>LLM_MAX_RETRIES</c> → <c>Llm:MaxRetries</c>; null when the name has no known prefix.</summary>
    public static string? ToConfigurationKey(string variable)
    {
        foreach (var (prefix, section) in Prefixes)
        {
            if (variable.Length > prefix.Length && variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                var builder = new StringBuilder(section).Append(':');
                foreach (var word in variable[prefix.Length..].Split('_', StringSplitOptions.RemoveEmptyEntries))
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
