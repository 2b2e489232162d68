namespace Enrichment.Redis;

/// <summary>The <c>Redis</c> section: <c>REDIS_URL</c>, <c>REDIS_KEY_PREFIX</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>; unset keeps everything in memory.</summary>
    public string? Url { get; set; }

    /// <summary>Prefix of every key this service writes, so that several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "enrichment:";
}
