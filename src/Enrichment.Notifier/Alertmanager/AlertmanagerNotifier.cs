using System.Net.Http.Json;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Notifier.Delivery;
using Enrichment.Notifier.Webhook;

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
        _display = NotifierOptions.Redact(baseUrl.ToString());
        _http = http;
        _resolveTimeout = resolveTimeout;
        _time = time;
        MaxBatchSize = maxBatchSize;
        EndpointName = "enrichment-notify-alertmanager-" + WebhookNotifier.Digest(baseUrl.ToString());
    }

    public string Kind => "alertmanager";

    public string EndpointName { get; }

    /// <summary>Requests in flight at once; each carries up to <see cref="MaxBatchSize"/> alerts.</summary>
    public int Concurrency => 4;

    public int MaxBatchSize { get; }

    public Task NotifyAsync(AlertEnriched enriched, CancellationToken cancellationToken) => NotifyBatchAsync([enriched], cancellationToken);

    public async Task NotifyBatchAsync(IReadOnlyList<AlertEnriched> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = _time.GetUtcNow();
        var body = new List<PostableAlert>(events.Count);
        var posted = new List<(string Fingerprint, PostableAlert Alert, bool Firing)>(events.Count);
        // The same alert may appear twice in one batch (a re-send right after a mode switch).
        var earlierInBatch = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var enriched in events)
        {
            var alert = PostableAlertMapper.Map(enriched, now, _resolveTimeout, _feedback);
            var fingerprint = enriched.Alert.Fingerprint;
            var previous = earlierInBatch.TryGetValue(fingerprint, out var earlier)
                ? (FiringLabelSets.SameLabels(earlier, alert.Labels) ? null : earlier)
                : _firing.Superseded(fingerprint, alert.Labels);
            if (previous is not null)
            {
                body.Add(PostableAlertMapper.ResolvedCopy(alert with { Labels = previous }, now));
            }
            body.Add(alert);
            earlierInBatch[fingerprint] = alert.Labels;
            posted.Add((fingerprint, alert, enriched.Alert.Status == AlertStatus.Firing));
        }

        using var response = await _http.PostAsJsonAsync(_alertsUrl, body, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Alertmanager explains a 400 in its body (which label, which field); it holds no secret.
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw PermanentDeliveryException.For($"alertmanager {_display}", response.StatusCode, detail.Length > 300 ? detail[..300] : detail.Trim());
        }
        // Only what the target took is remembered, so that a retried batch resolves the superseded copies again.
        foreach (var (fingerprint, alert, firing) in posted)
        {
            _firing.Posted(fingerprint, alert.Labels, firing);
        }
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
