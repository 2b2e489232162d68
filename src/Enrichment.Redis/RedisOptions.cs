using System.ComponentModel.DataAnnotations;
using System.Net;
using StackExchange.Redis;

namespace Enrichment.Redis;

/// <summary>The <c>Redis</c> section: <c>REDIS_URL</c>, <c>REDIS_KEY_PREFIX</c>.</summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>; unset keeps everything in memory.</summary>
    public string? Url { get; set; }

    /// <summary>Prefix of every key this service writes, so that several deployments can share one Redis.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "REDIS_KEY_PREFIX must not be empty: every key of the service carries it.")]
    [StringLength(128, ErrorMessage = "REDIS_KEY_PREFIX must be at most 128 characters.")]
    public string KeyPrefix { get; set; } = "enrichment:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !IsConfigurationString(Url!))
        {
            // The string may carry a password: never echo it.
            yield return new ValidationResult(
                "REDIS_URL must be a StackExchange.Redis configuration string such as host:6379 or host:6379,password=…,ssl=true "
                + "(a redis:// URL is not one).", [nameof(Url)]);
        }
    }

    /// <summary>Parses, and names at least one host: StackExchange.Redis takes <c>redis://h:6379</c> as a host name and retries it forever.</summary>
    private static bool IsConfigurationString(string text)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException)
        {
            return false;
        }
        return parsed.EndPoints.Count > 0 && parsed.EndPoints.All(e => e switch
        {
            IPEndPoint => true,
            DnsEndPoint dns => dns.Host.Length > 0 && dns.Host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'),
            _ => false,
        });
    }
}
