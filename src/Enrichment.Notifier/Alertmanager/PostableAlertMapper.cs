using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Feedback;
using Enrichment.Core.Modes;

namespace Enrichment.Notifier.Alertmanager;

/// <summary>
/// Turns an enriched event into the alert re-posted downstream, with the mode's labels and
/// annotations (<see cref="ModePresentation"/>) and the source's timestamps.
/// <para>
/// <b>Why firing alerts get an <c>endsAt</c>.</b> Alertmanager resolves an alert once its
/// <c>endsAt</c> passes; without one it applies its own <c>resolve_timeout</c> (5 minutes by default).
/// An upstream Alertmanager re-sends a firing alert only every <c>repeat_interval</c> (4 hours by
/// default), so an empty <c>endsAt</c> would let the downstream copy resolve itself long before the
/// source does. We do what Prometheus does: every post of a firing alert states how long it stays
/// valid — the source's own <c>endsAt</c> when it gave a future one (Prometheus sends
/// <c>now + 4 × resend delay</c>), otherwise now + <c>NOTIFIER_ALERTMANAGER_RESOLVE_TIMEOUT</c>. Each
/// re-send from the source extends it; when the source goes quiet (it died, or its resolution was
/// lost), the downstream alert resolves by itself after the timeout. The alternative — empty
/// <c>endsAt</c> and our own periodic re-posting — would need state that dies with the process and
/// could keep an alert firing forever after its source forgot it.
/// </para>
/// </summary>
public static class PostableAlertMapper
{
    public static PostableAlert Map(AlertEnriched enriched, DateTimeOffset now, TimeSpan resolveTimeout, FeedbackLink? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(enriched);
        var alert = enriched.Alert;
        var shown = ModePresentation.Present(enriched, feedback);
        return new PostableAlert
        {
            Labels = shown.Labels,
            Annotations = shown.Annotations,
            StartsAt = AlertTime.IsSet(alert.StartsAt) ? alert.StartsAt.Value.ToUniversalTime() : null,
            EndsAt = EndsAt(alert, now, resolveTimeout),
            GeneratorUrl = Uri.TryCreate(alert.GeneratorUrl, UriKind.Absolute, out _) ? alert.GeneratorUrl : null,
        };
    }

    /// <summary>The same labels, resolved now: closes a copy that the downstream Alertmanager still shows as firing.</summary>
    public static PostableAlert ResolvedCopy(PostableAlert posted, DateTimeOffset now) => posted with { EndsAt = now.ToUniversalTime() };

    public static DateTimeOffset EndsAt(AlertData alert, DateTimeOffset now, TimeSpan resolveTimeout)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var given = AlertTime.IsSet(alert.EndsAt) ? alert.EndsAt.Value.ToUniversalTime() : (DateTimeOffset?)null;
        if (alert.Status == AlertStatus.Resolved)
        {
            // Kept as the source said, but never in the future: a clock ahead of ours must not keep a resolved alert firing.
            return given is { } end && end <= now ? end : now.ToUniversalTime();
        }
        return given is { } until && until > now ? until : (now + resolveTimeout).ToUniversalTime();
    }
}
