using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Enrichment.WebConsole.State;

/// <summary>
/// Where workers in other processes leave their <see cref="ModelVitals"/> for the gateway: one Redis hash,
/// <c>{REDIS_KEY_PREFIX}console:vitals</c>, a field per process, rewritten every 10 s. The gateway reads only reports of the
/// last <see cref="Current"/>; a worker that stopped reporting drops out of the console, and its field is removed later.
/// </summary>
internal sealed class VitalsBoard(IServiceProvider services, IConfiguration configuration)
{
    public static readonly TimeSpan Current = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Forgotten = TimeSpan.FromMinutes(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>This process's name on the board: the host (a pod's name) and the process id.</summary>
    public static string ThisProcess { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    private IDatabase? Database => services.GetService<IConnectionMultiplexer>()?.GetDatabase();

    private RedisKey Key => (configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "enrichment:") + "console:vitals";

    public bool IsShared => Database is not null;

    public async Task WriteAsync(ModelVitals vitals)
    {
        if (Database is { } redis)
        {
            await redis.HashSetAsync(Key, vitals.Reporter, JsonSerializer.Serialize(vitals, Json));
        }
    }

    /// <summary>The current reports of the other processes; null when Redis is not configured or did not answer.</summary>
    public async Task<IReadOnlyList<ModelVitals>?> ReadOthersAsync(DateTimeOffset now)
    {
        if (Database is not { } redis)
        {
            return null;
        }
        try
        {
            var reports = new List<ModelVitals>();
            var stale = new List<RedisValue>();
            foreach (var entry in await redis.HashGetAllAsync(Key))
            {
                var vitals = Deserialize(entry.Value);
                if (vitals is null || now - vitals.At > Forgotten)
                {
                    stale.Add(entry.Name);
                }
                else if (now - vitals.At <= Current && vitals.Reporter != ThisProcess)
                {
                    reports.Add(vitals);
                }
            }
            if (stale.Count > 0)
            {
                await redis.HashDeleteAsync(Key, [.. stale]);
            }
            return reports.OrderBy(r => r.Reporter, StringComparer.Ordinal).ToList();
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static ModelVitals? Deserialize(RedisValue value)
    {
        try
        {
            return value.HasValue ? JsonSerializer.Deserialize<ModelVitals>(value.ToString(), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A worker's side of the board: every <see cref="MetricsHistory.Period"/>, its vitals into Redis.</summary>
internal sealed class VitalsReporter(VitalsBoard board, MetricsHistory history, IConfiguration configuration, TimeProvider time,
    ILogger<VitalsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(MetricsHistory.Period, time);
        var failing = false;
        do
        {
            try
            {
                if (await ModelVitals.MeasureAsync(history, configuration, VitalsBoard.ThisProcess, stoppingToken) is { } vitals)
                {
                    await board.WriteAsync(vitals);
                }
                failing = false;
            }
            catch (RedisException ex)
            {
                if (!failing)
                {
                    logger.LogWarning("Could not report this worker's model state to the console: {Error}", ex.Message);
                }
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
