namespace Enrichment.LoadTest.Infrastructure;

/// <summary>Resident memory of a process as the kernel reports it (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>).</summary>
public static class ResidentMemory
{
    /// <summary>Megabytes (MiB), or null when the process is gone or this is not Linux.</summary>
    public static double? Megabytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return kilobytes / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }
        return null;
    }
}

/// <summary>Samples the resident memory of some processes while a phase runs; keeps the peak of each.</summary>
public sealed class ResidentMemorySampler : IAsyncDisposable
{
    private readonly int[] _processIds;
    private readonly double[] _peaks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ResidentMemorySampler(IReadOnlyList<int> processIds)
    {
        _processIds = processIds.ToArray();
        _peaks = new double[_processIds.Length];
        _loop = LoopAsync();
    }

    /// <summary>Peak MiB per process, in the order given.</summary>
    public IReadOnlyList<double> Peaks => _peaks;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        for (var i = 0; i < _processIds.Length; i++)
        {
            if (ResidentMemory.Megabytes(_processIds[i]) is { } megabytes && megabytes > _peaks[i])
            {
                _peaks[i] = megabytes;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        _stop.Dispose();
    }
}
