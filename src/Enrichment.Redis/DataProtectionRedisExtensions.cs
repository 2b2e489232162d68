using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Enrichment.Redis;

public static class DataProtectionRedisExtensions
{
    /// <summary>
    /// ASP.NET Core data protection keys (what the console's session cookie and CSRF tokens are sealed with) in Redis, under
    /// <c>{REDIS_KEY_PREFIX}dataprotection-keys</c>: every gateway behind one load balancer reads the others' cookies, and a
    /// restart keeps people signed in. Anyone who can read this Redis can forge a session, as they can change the mode.
    /// </summary>
    public static IServiceCollection AddRedisDataProtectionKeys(this IServiceCollection services, RedisOptions redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var key = new RedisKey(redis.KeyPrefix + "dataprotection-keys");
        services.AddDataProtection().SetApplicationName("enrichment-workers");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, provider) =>
            options.XmlRepository = new RedisXmlRepository(() => provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), key));
        return services;
    }
}
