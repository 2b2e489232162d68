using Enrichment.Contracts;
using Enrichment.Core.Alerts;

namespace Enrichment.TestSupport;

/// <summary>
/// The one way tests build an <see cref="AlertData"/>: only what is given is set. <c>alertname</c> and
/// <c>severity</c> come first among the labels, <c>summary</c> and <c>description</c> among the annotations, then
/// the extra ones in the order given. Import it with <c>using static</c> for short call sites.
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
        string? generatorUrl = null)
    {
        var labelMap = new Dictionary<string, string>(StringComparer.Ordinal);
        if (alertName is not null)
        {
            labelMap["alertname"] = alertName;
        }
        if (severity is not null)
        {
            labelMap["severity"] = severity;
        }
        foreach (var (name, value) in labels ?? [])
        {
            labelMap[name] = value;
        }
        var annotationMap = new Dictionary<string, string>(StringComparer.Ordinal);
        if (summary is not null)
        {
            annotationMap["summary"] = summary;
        }
        if (description is not null)
        {
            annotationMap["description"] = description;
        }
        foreach (var (name, value) in annotations ?? [])
        {
            annotationMap[name] = value;
        }
        return new AlertData
        {
            Fingerprint = fingerprint,
            Status = status,
            Labels = labelMap,
            Annotations = annotationMap,
            StartsAt = startsAt,
            EndsAt = endsAt,
            GeneratorUrl = generatorUrl,
        };
    }

    /// <summary>One label or annotation, for <see cref="Alert"/>'s lists.</summary>
    public static KeyValuePair<string, string> L(string name, string value) => new(name, value);
}
