namespace Enrichment.Evaluate.Data;

/// <summary>
/// Splits a labelled file by <c>source.service</c>, never by alert: every alert of a service is on the
/// same side, so the held-back figure measures how a classifier does on technologies it was not tuned on.
/// Deterministic: FNV-1a (32-bit) over the UTF-8 bytes of the trimmed, lower-cased service name; a service
/// is held back when the hash modulo 100 is below the percentage (25 for the shared corpus: 30 of its 93
/// services, 370 of its 1,155 alerts). Alerts without a service are never held back.
/// </summary>
public sealed class HeldBackSplit(int percent)
{
    /// <summary>The shared corpus's split, which its published figures use.</summary>
    public const int CorpusPercent = 25;

    public int Percent { get; } = percent is >= 0 and <= 100
        ? percent
        : throw new ArgumentOutOfRangeException(nameof(percent), percent, "--held-back must be between 0 and 100.");

    public bool IsHeldBack(string? service) => !string.IsNullOrWhiteSpace(service) && Bucket(service) < Percent;

    /// <summary>The service's bucket, 0..99.</summary>
    public static int Bucket(string? service)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes((service ?? "").Trim().ToLowerInvariant()))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return (int)(hash % 100);
    }
}
