using Microsoft.Extensions.Hosting;

namespace Enrichment.WebConsole.State;

/// <summary>
/// Samples of this process's metrics every <see cref="Period"/> for the last hour and a bit: "in the last minute" and "in
/// the last hour" are differences between the newest sample and the one that far back (or the first, in a younger process).
/// </summary>
internal sealed class MetricsHistory(TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(61);

    private readonly Lock _gate = new();
    private readonly LinkedList<MetricSample> _samples = new();

    /// <summary>The oldest sample taken no earlier than <paramref name="window"/> ago, and a fresh one.</summary>
    public async Task<(MetricSample Then, MetricSample Now)> WindowAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var now = await MetricSample.TakeAsync(time.GetUtcNow(), cancellationToken);
        lock (_gate)
        {
            var then = _samples.FirstOrDefault(s => s.At >= now.At - window) ?? now;
            return (then, now);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            var sample = await MetricSample.TakeAsync(time.GetUtcNow(), stoppingToken);
            lock (_gate)
            {
                _samples.AddLast(sample);
                while (_samples.First!.Value.At < sample.At - Kept)
                {
                    _samples.RemoveFirst();
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
