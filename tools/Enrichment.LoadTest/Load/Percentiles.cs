using System.Globalization;

namespace Enrichment.LoadTest.Load;

/// <summary>Nearest-rank percentiles of latencies in milliseconds.</summary>
public static class Percentiles
{
    public static string Describe(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "no samples";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(sorted, 50):0.0} ms  p95 {At(sorted, 95):0.0} ms  p99 {At(sorted, 99):0.0} ms  max {sorted[^1]:0.0} ms  (n={sorted.Length})");
    }

    public static double At(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
