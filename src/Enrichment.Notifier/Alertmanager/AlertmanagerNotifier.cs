using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Webhook;
using Enrichment.ServiceDefaults.Security;

namespace Enrichment.Notifier.Alertmanager;

/// <summary>
/// Re-posts enriched alerts to an Alertmanager's <c>/api/v2/alerts</c> (<c>NOTIFIER_ALERTMANAGER_URL</c>),
/// many per request, with the mode's labels and annotations, so that its routes can match on
/// <c>ai_severity</c>. Resolved alerts arrive resolved; firing ones stay firing for as long as the
/// source keeps sending them (see <see cref="PostableAlertMapper"/>).
/// <para>
/// Not deduplicated: Alertmanager deduplicates by itself (a re-post of a known alert only moves its
/// <c>endsAt</c> and never notifies anew), and those re-posts are what keeps the alert firing downstream.
/// </para>
/// </summary>
public sealed class AlertmanagerNotifier : IBatchNotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Uri _alertsUrl;
    private readonly string _display;
    private readonly HttpClient _http;
    private readonly TimeSpan _resolveTimeout;
    private readonly TimeProvider _time;
    private readonly FiringLabelSets _firing = new();
    private readonly FeedbackLink? _feedback;

    public AlertmanagerNotifier(Uri baseUrl, HttpClient http, TimeSpan resolveTimeout, int maxBatchSize, TimeProvider time, FeedbackLink? feedback = null)
    {
        _feedback = feedback;
        ArgumentNullException.ThrowIfNull(baseUrl);
        _alertsUrl = AlertsUrl(baseUrl);
        _display = UrlRedaction.Redact(baseUrl);
        _http = http;
        _resolveTimeout = resolveTimeout;
        _time = time;
        MaxBatchSize = maxBatchSize;
        EndpointName = QueueNameFor(baseUrl);
    }

    public string Kind => "alertmanager";

    public bool Deduplicated => false;

    public string EndpointName { get; }

    public static string QueueNameFor(Uri baseUrl) =>
        "enrichment-notify-alertmanager-" + WebhookNotifier.Digest(baseUrl?.ToString() ?? throw new ArgumentNullException(nameof(baseUrl)));

    /// <summary>Requests in flight at once; each carries up to <see cref="MaxBatchSize"/> alerts.</summary>
    public int Concurrency => 4;

    public int MaxBatchSize { get; }

    public async Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken)
    {
        var rejected = await NotifyBatchAsync([enriched], cancellationToken);
        if (rejected.Count > 0)
        {
            throw new PermanentDeliveryException(rejected[0].Reason, System.Net.HttpStatusCode.BadRequest);
        }
    }

    /// <summary>
    /// Posts the batch as one request. Alertmanager answers <c>400</c> when any alert of a request is
    /// invalid, yet stores the valid ones, and its answer does not say which alert it refused. So a
    /// refused request is halved and each half posted again, down to the single alerts it refuses:
    /// only those are returned as rejected, the rest count as delivered. Posting an alert Alertmanager
    /// already stored only refreshes it (it never notifies anew), so the halving is safe; with one
    /// invalid alert among 64 it costs about a dozen small requests.
    /// </summary>
    public async Task<IReadOnlyList<RejectedEvent>> NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var posts = Prepare(events, _time.GetUtcNow());
        var rejected = new List<RejectedEvent>();
        await PostAsync(posts, rejected, cancellationToken);
        // Only what the target took is remembered, so that a retried batch resolves the superseded copies again.
        var refused = rejected.Select(r => r.Index).ToHashSet();
        foreach (var post in posts.Where(p => !refused.Contains(p.Index)))
        {
            _firing.Posted(post.Fingerprint, post.Alert.Labels, post.Firing);
        }
        return rejected;
    }

    /// <summary>One event's alerts: itself, preceded by a resolved copy of the label set it supersedes downstream.</summary>
    private sealed record EventPost(int Index, string Fingerprint, PostableAlert Alert, bool Firing, IReadOnlyList<PostableAlert> Alerts);

    private List<EventPost> Prepare(IReadOnlyList<AlertEnriched> events, DateTimeOffset now)
    {
        var posts = new List<EventPost>(events.Count);
        // The same alert may appear twice in one batch (a re-send right after a mode switch).
        var earlierInBatch = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var enriched = events[i];
            var alert = PostableAlertMapper.Map(enriched, now, _resolveTimeout, _feedback);
            var fingerprint = enriched.Alert.Fingerprint;
            var previous = earlierInBatch.TryGetValue(fingerprint, out var earlier)
                ? (FiringLabelSets.SameLabels(earlier, alert.Labels) ? null : earlier)
                : _firing.Superseded(fingerprint, alert.Labels);
            IReadOnlyList<PostableAlert> alerts = previous is null
                ? [alert]
                : [PostableAlertMapper.ResolvedCopy(alert with { Labels = previous }, now), alert];
            earlierInBatch[fingerprint] = alert.Labels;
            posts.Add(new EventPost(i, fingerprint, alert, enriched.Alert.Status == AlertStatus.Firing, alerts));
        }
        return posts;
    }

    private async Task PostAsync(IReadOnlyList<EventPost> posts, List<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        using var body = JsonBody.Create(posts.SelectMany(p => p.Alerts).ToList(), Json);
        using var response = await _http.PostAsync(_alertsUrl, body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        // Alertmanager explains a 400 in its body (which label, which field); it holds no secret.
        var detail = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        detail = detail.Length > 300 ? detail[..300] : detail;
        if (response.StatusCode != System.Net.HttpStatusCode.BadRequest)
        {
            // Anything else concerns the whole request (auth, a wrong path, an Alertmanager that is down).
            throw PermanentDeliveryException.For($"alertmanager {_display}", response.StatusCode, detail);
        }
        if (posts.Count == 1)
        {
            rejected.Add(new RejectedEvent(posts[0].Index, $"alertmanager {_display} answered 400: {detail}"));
            return;
        }
        var half = posts.Count / 2;
        await PostAsync(posts.Take(half).ToList(), rejected, cancellationToken);
        await PostAsync(posts.Skip(half).ToList(), rejected, cancellationToken);
    }

    /// <summary>Keeps a path prefix (<c>http://am:9093/alertmanager</c> → <c>…/alertmanager/api/v2/alerts</c>).</summary>
    public static Uri AlertsUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var builder = new UriBuilder(baseUrl) { Query = "", Fragment = "" };
        builder.Path = builder.Path.TrimEnd('/') + "/api/v2/alerts";
        return builder.Uri;
    }
}
