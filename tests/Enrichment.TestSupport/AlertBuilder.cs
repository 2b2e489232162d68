using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.TestSupport;

/// <summary>
/// The one way tests build an <see cref="AlertData"/>: only what is given is set. <c>alertname</c> and
/// <c>severity</c> come first among the labels, <c>summary</c> and <c>description</c> among the annotations, then
/// the extra ones in the order given; an <c>expression</c> becomes a Prometheus <c>generatorURL</c> that carries it.
/// Import it with <c>using static</c> for short call sites.
/// </summary>
public static class AlertBuilder
{
    public const string DefaultFingerprint = "0123456789abcdef";

    public static AlertData Alert(
        string? alertName,
        string? severity = "warning",
        string? summary = null,
        string? description = null,
        IEnumerable<KeyValuePair<string, string>>? labels = null,
        IEnumerable<KeyValuePair<string, string>>? annotations = null,
        string status = AlertStatus.Firing,
        string fingerprint = DefaultFingerprint,
        DateTimeOffset? startsAt = null,
        DateTimeOffset? endsAt = null,
        string? generatorUrl = null,
        string? expression = null)
    {
        return new AlertData
        {
            Fingerprint = fingerprint,
            Status = status,
            Labels = Map("alertname", alertName, "severity", severity, labels),
            Annotations = Map("summary", summary, "description", description, annotations),
            StartsAt = startsAt,
            EndsAt = endsAt,
            GeneratorUrl = expression is null ? generatorUrl : "http://prometheus:9090/graph?g0.expr=" + Uri.EscapeDataString(expression) + "&g0.tab=1",
        };
    }

    /// <summary>The two well-known entries that are given, then the extra ones in order (a later one wins).</summary>
    private static Dictionary<string, string> Map(string firstName, string? first, string secondName, string? second,
        IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (first is not null)
        {
            map[firstName] = first;
        }
        if (second is not null)
        {
            map[secondName] = second;
        }
        foreach (var (name, value) in extra ?? [])
        {
            map[name] = value;
        }
        return map;
    }

    /// <summary>One label or annotation, for <see cref="Alert"/>'s lists.</summary>
    public static KeyValuePair<string, string> L(string name, string value) => new(name, value);
}
