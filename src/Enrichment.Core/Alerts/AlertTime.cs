using System.Diagnostics.CodeAnalysis;

namespace Enrichment.Core.Alerts;

/// <summary>
/// Whether an alert's <c>startsAt</c> or <c>endsAt</c> is set, as Alertmanager decides it (Go's <c>time.IsZero</c>):
/// absent, or Go's zero <c>time.Time</c> (<c>0001-01-01T00:00:00Z</c>), means "not set". The webhook sends the zero
/// <c>endsAt</c> while an alert fires; amtool sends it for a flag not given. The one place that asks.
/// </summary>
public static class AlertTime
{
    public static bool IsSet([NotNullWhen(true)] DateTimeOffset? value) => value is { } v && v.UtcTicks != 0;
}
