namespace Enrichment.Contracts;

/// <summary>
/// One incident as <c>GET /api/v1/incidents</c> shows it and <see cref="IncidentUpdated"/> carries it: the alerts of one
/// storm, the one that probably caused the rest, and (once made) a digest.
/// </summary>
public sealed record IncidentData
{
    public required string Id { get; init; }

    /// <summary><c>open</c> or <c>resolved</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The fingerprint of the member that explains the others; null while none does.</summary>
    public string? Root { get; init; }

    /// <summary>
    /// Why the root is the root: <c>evidence</c> (a rule says it explains others), <c>earliest</c> (no rule applies: the
    /// first to start), <c>model</c> (the digest's probable root, where the rules had no evidence).
    /// </summary>
    public string? RootBasis { get; init; }

    /// <summary>The fingerprints of the members tracked (up to <c>INCIDENT_MAX_MEMBERS</c>), in the order they joined.</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Every alert that has joined, tracked or not.</summary>
    public required int Size { get; init; }

    /// <summary>Members still firing.</summary>
    public int Firing { get; init; }

    /// <summary>Alert names and how many members carry each, most frequent first (at most ten).</summary>
    public IReadOnlyDictionary<string, int> Alertnames { get; init; } = new Dictionary<string, int>();

    /// <summary>The categories of the members (the classification's, else the rules').</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The scope labels (<c>INCIDENT_SCOPE_LABELS</c>) every member that carries them agrees on.</summary>
    public IReadOnlyDictionary<string, string> Scope { get; init; } = new Dictionary<string, string>();

    /// <summary>The root alert's labels and annotations, so that a message about the incident can name it.</summary>
    public AlertData? RootAlert { get; init; }

    public IncidentDigestData? Digest { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }
}

/// <summary>One answer for a whole incident: made once per material change, by the model or by the rules.</summary>
public sealed record IncidentDigestData
{
    public required string Title { get; init; }

    public required string Summary { get; init; }

    /// <summary>The fingerprint of the member the digest names as the probable root (always a member).</summary>
    public string? ProbableRoot { get; init; }

    /// <summary>What is affected: services, hosts, how many alerts.</summary>
    public string BlastRadius { get; init; } = "";

    /// <summary>The first steps to take, at most three.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary><c>llm</c>, <c>rules</c> or <c>plugin</c>.</summary>
    public required string Source { get; init; }

    /// <summary><c>none</c> or <c>cache</c>: whether the answer came from the digest cache (same set of signatures).</summary>
    public string Cache { get; init; } = "none";

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Null when the configured model answered; otherwise why the rules did (the classification's reasons).</summary>
    public string? DegradedReason { get; init; }
}
