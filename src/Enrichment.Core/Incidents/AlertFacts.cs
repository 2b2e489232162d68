using Enrichment.Contracts;

namespace Enrichment.Core.Incidents;

/// <summary>
/// What correlation knows of one alert: where it is (hosts, zone, workloads, scope), what kind of alert it is, when it
/// started, and what it is (its signature and view, which a digest may show a model). Built by <see cref="AlertFactsReader"/>.
/// </summary>
public sealed record AlertFacts
{
    public required string Fingerprint { get; init; }

    /// <summary>The alert's signature (<see cref="Alerts.AlertSignature"/>): what the digest cache and prompt see.</summary>
    public required string Signature { get; init; }

    /// <summary>The signature's view: volatile values as marks, safe to show a model.</summary>
    public required AlertData View { get; init; }

    /// <summary>The alert itself: kept for the root, so that messages about the incident can name it.</summary>
    public required AlertData Alert { get; init; }

    public required string Alertname { get; init; }

    /// <summary>The category, wire name (the classification's, else the rules').</summary>
    public required string Category { get; init; }

    public required bool Firing { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>The Alertmanager notification the alert came in, when it came by webhook.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Where the alert is, what kind it is: the part correlation compares.</summary>
    public required LinkProfile Profile { get; init; }

    /// <summary><c>partition|namespace|pod</c> when the alert is about a pod: the key of the pod's node in the learned topology.</summary>
    public string? PodKey { get; init; }

    /// <summary>Whether the hosts were named by the alert itself (a <c>node</c> label) rather than learned.</summary>
    public bool HostsExplicit { get; init; }
}
