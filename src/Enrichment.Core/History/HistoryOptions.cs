using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.History;

/// <summary>
/// The <c>History</c> section (<c>HISTORY_*</c> variables): what the workers remember of each signature and how they
/// read it. See docs/MEMORY.md.
/// </summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>How long a signature that does not fire again is remembered; also the window of <c>fired30d</c>.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>The window <c>flapping</c> looks back over.</summary>
    public static readonly TimeSpan FlapLookback = TimeSpan.FromDays(1);

    /// <summary>Resolutions the median of <c>medianResolveSeconds</c> is taken over (the most recent).</summary>
    public const int MedianSample = 25;

    /// <summary><c>HISTORY_ENABLED</c>: remember signatures and put <c>history</c> on every event.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <c>HISTORY_RECURRING_FIRINGS</c>: earlier firings (in 30 days) from which a signature is <c>recurring</c>;
    /// with fewer it is <c>rare</c>, with none <c>new</c>.
    /// </summary>
    [Range(2, 10_000, ErrorMessage = "HISTORY_RECURRING_FIRINGS must be between 2 and 10000.")]
    public int RecurringFirings { get; set; } = 3;

    /// <summary>
    /// <c>HISTORY_TRANSIENT_MAX_DURATION</c>: a recurring signature whose median time from firing to resolved is at most
    /// this is <c>transient</c> (it usually resolves itself).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "HISTORY_TRANSIENT_MAX_DURATION must be between 1s and 7d.")]
    public TimeSpan TransientMaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>HISTORY_FLAP_WINDOW</c>: an alert that fires again within this of resolving has flapped once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "HISTORY_FLAP_WINDOW must be between 1s and 24h.")]
    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary><c>HISTORY_FLAP_COUNT</c>: flaps in the last 24 hours that make a signature <c>flapping</c>.</summary>
    [Range(1, 1000, ErrorMessage = "HISTORY_FLAP_COUNT must be between 1 and 1000.")]
    public int FlapCount { get; set; } = 2;

    /// <summary>
    /// <c>HISTORY_BURST_WINDOW</c>: firings of a signature that start within this of each other are one burst and do not
    /// count as each other's history, so a new alert firing on a hundred hosts at once is <c>new</c> on every one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "HISTORY_BURST_WINDOW must be between 0s and 24h.")]
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>HISTORY_MAX_FIRINGS</c>: firings (and as many resolutions) kept per signature; the oldest go first.</summary>
    [Range(10, 100_000, ErrorMessage = "HISTORY_MAX_FIRINGS must be between 10 and 100000.")]
    public int MaxFirings { get; set; } = 1000;
}
