using System.Text;
using System.Text.Json.Serialization;

namespace Enrichment.Core.Incidents;

/// <summary>
/// The part of an alert correlation compares: its kind and where it is. Alerts with equal profiles (the pods of one
/// workload on one node, say) link and explain alike, so an incident keeps one profile for all of them
/// (<see cref="ProfileState"/>) and a storm of thousands costs as many comparisons as it has distinct profiles.
/// </summary>
public sealed class LinkProfile
{
    [JsonPropertyName("k")]
    public AlertKinds Kinds { get; set; }

    /// <summary>Hosts and nodes the alert is on, normalised (<c>node-1</c> for <c>node-1.prod.internal:9100</c>), sorted.</summary>
    [JsonPropertyName("h")]
    public List<string> Hosts { get; set; } = [];

    /// <summary>The zone (failure domain) the alert names, if any.</summary>
    [JsonPropertyName("z")]
    public string? Zone { get; set; }

    /// <summary>Workloads and services it is about, as <c>partition|namespace|name</c>, sorted.</summary>
    [JsonPropertyName("w")]
    public List<string> Workloads { get; set; } = [];

    /// <summary>The scope labels it carries, <c>label=value</c> in the configured order.</summary>
    [JsonPropertyName("s")]
    public List<string> Scope { get; set; } = [];

    /// <summary>The value of the broadest scope label (the cluster, by default).</summary>
    [JsonPropertyName("pa")]
    public string? Partition { get; set; }

    [JsonPropertyName("ns")]
    public string? Namespace { get; set; }

    [JsonPropertyName("j")]
    public string? Job { get; set; }

    [JsonPropertyName("i")]
    public string? Instance { get; set; }

    public bool Has(AlertKinds kind) => (Kinds & kind) != 0;

    private string? _key;

    /// <summary>Identity of the profile: equal keys, equal profiles. Computed once: a profile is not changed after it is built.</summary>
    public string Key() => _key ??= BuildKey();

    private string BuildKey()
    {
        var builder = new StringBuilder(128);
        builder.Append((int)Kinds).Append('\u001e');
        Append(builder, Hosts);
        builder.Append(Zone).Append('\u001e');
        Append(builder, Workloads);
        Append(builder, Scope);
        builder.Append(Partition).Append('\u001e').Append(Namespace).Append('\u001e').Append(Job).Append('\u001e').Append(Instance);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, List<string> values)
    {
        foreach (var value in values)
        {
            builder.Append(value).Append('\u001f');
        }
        builder.Append('\u001e');
    }
}
