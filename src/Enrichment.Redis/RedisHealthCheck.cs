using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Enrichment.Redis;

/// <summary>
/// Redis away is <em>degraded</em>, not down: workers keep classifying (L1, model, rules) and the mode
/// stays at its last known value, so the pod must stay in service.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis unreachable: running on memory and the last known mode", ex);
        }
    }
}
