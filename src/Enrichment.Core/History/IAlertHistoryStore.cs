namespace Enrichment.Core.History;

/// <summary>
/// Where the workers keep what they have seen of each signature, shared by all of them: Redis with <c>REDIS_URL</c>,
/// process memory in the embedded mode. Bounded (<see cref="HistoryWindow.MaxFirings"/> per signature) and expiring
/// (<see cref="HistoryOptions.Retention"/> after a signature was last seen). Stores keep facts; what they mean is
/// decided in one place, <see cref="HistoryCalculator"/>.
/// </summary>
public interface IAlertHistoryStore
{
    /// <summary><c>redis</c> or <c>memory</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Records the batch's firings and resolutions — each (fingerprint, start) once, however often it is re-sent — and
    /// returns, in the same round trip, the facts of the queried signatures and the memos of the given fingerprints.
    /// </summary>
    Task<HistoryReading> ObserveAsync(
        IReadOnlyList<HistoryObservation> observations,
        IReadOnlyList<SignatureQuery> queries,
        IReadOnlyCollection<string> fingerprints,
        HistoryWindow window,
        CancellationToken cancellationToken);

    /// <summary>Writes the class decided for each firing and what each signature looked like and was judged.</summary>
    Task RememberAsync(IReadOnlyList<FiringMemo> memos, IReadOnlyList<SignatureCard> cards, CancellationToken cancellationToken);

    /// <summary>The memo of a fingerprint seen within the retention; null when none was.</summary>
    Task<FiringMemo?> FindFingerprintAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>The card of a signature seen within the retention; null when none was.</summary>
    Task<SignatureCard?> FindSignatureAsync(string signature, CancellationToken cancellationToken);
}

/// <summary>One alert as history counts it: a firing that started at <see cref="StartMs"/>, resolved at <see cref="EndMs"/> when set.</summary>
public readonly record struct HistoryObservation(string Signature, string Fingerprint, long StartMs, long? EndMs);

/// <summary>A signature to read; its firings that started before <see cref="EarlierThanMs"/> are the alert's own history.</summary>
public readonly record struct SignatureQuery(string Signature, long EarlierThanMs);

/// <summary>The clock and bounds of one <see cref="IAlertHistoryStore.ObserveAsync"/> (Unix milliseconds).</summary>
public sealed record HistoryWindow(long NowMs, long FlapWindowMs, int MaxFirings)
{
    public static readonly long RetentionMs = (long)HistoryOptions.Retention.TotalMilliseconds;
    public static readonly long WeekMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;
    public static readonly long FlapLookbackMs = (long)HistoryOptions.FlapLookback.TotalMilliseconds;

    /// <summary>At most this many recent firings and resolutions are read for flapping.</summary>
    public const int MaxRecent = 200;
}

/// <summary>One firing: a fingerprint and when it started.</summary>
public readonly record struct FiringEntry(string Fingerprint, long StartMs);

/// <summary>One resolution: the firing it ended and when.</summary>
public readonly record struct ResolutionEntry(string Fingerprint, long StartMs, long EndMs);

/// <summary>
/// The facts of one signature: when first seen, its firings in the last 7 and 30 days and those before the query's
/// time, the durations of its most recent resolutions, and its firings and resolutions of the last day (for flapping).
/// </summary>
public sealed record SignatureFacts(
    long? FirstSeenMs,
    int Fired7d,
    int Fired30d,
    int EarlierFirings,
    IReadOnlyList<long> RecentDurationsMs,
    IReadOnlyList<FiringEntry> RecentFirings,
    IReadOnlyList<ResolutionEntry> RecentResolutions);

/// <summary>What <see cref="IAlertHistoryStore.ObserveAsync"/> read: facts by signature, memos by fingerprint.</summary>
public sealed record HistoryReading(IReadOnlyDictionary<string, SignatureFacts> Facts, IReadOnlyDictionary<string, FiringMemo> Memos);

/// <summary>
/// One fingerprint's memo: its signature (how the gateway resolves a correction posted for a fingerprint) and the class
/// decided when its current firing (<see cref="StartMs"/>) was first seen, kept until it resolves.
/// </summary>
public sealed record FiringMemo(string Fingerprint, string Signature, long StartMs, Novelty Novelty, bool Transient)
{
    public HistoryClass Class => new(Novelty, Transient);
}

/// <summary>
/// A signature as last seen: its view (no host, no figure: what a classifier sees) and the last verdict given to it
/// other than a correction. A correction records the verdict it replaced from here; the export shows the view.
/// A null part is left as stored.
/// </summary>
public sealed record SignatureCard(string Signature, SignatureSample? Sample, VerdictSnapshot? Verdict);

/// <summary>A signature's view: labels and annotations with marks for what differs between its alerts, and its rule's expression.</summary>
public sealed record SignatureSample(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string? Expression)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AlertName => Labels.GetValueOrDefault("alertname");
}

/// <summary>A verdict as a correction records what it replaced: severity, category and who gave it (<c>llm</c>, <c>rules</c>…).</summary>
public sealed record VerdictSnapshot(string Severity, string Category, string Source);
