using Enrichment.Contracts;

namespace Enrichment.Core.Incidents;

/// <summary>
/// An incident whose update a worker is about to publish: what changed, the incident as it was when claimed, and what a
/// digest needs if one is due. The claim holds for a while in the book, so no other worker publishes the same update;
/// a worker that dies mid-way lets it lapse and another takes over.
/// </summary>
public sealed record IncidentClaim
{
    public required string Id { get; init; }

    public required string Owner { get; init; }

    /// <summary>The changes this update covers, most telling first.</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>The change count when claimed: changes recorded later stay pending for the next update.</summary>
    public required long ChangeCount { get; init; }

    public required long Sequence { get; init; }

    public required IncidentData Incident { get; init; }

    /// <summary>Set when the incident changed materially since its last digest.</summary>
    public DigestInput? Digest { get; init; }

    /// <summary>The basis of the digest the incident has, if any: reused when the set of signatures is the same.</summary>
    public DigestBasis? PreviousDigest { get; init; }
}

/// <summary>What a digest is made from: never a host, a pod or a figure — the members' signature views and the scope.</summary>
public sealed record DigestInput
{
    /// <summary>The cache key part: the sorted, distinct signatures of the members.</summary>
    public required string SignatureSet { get; init; }

    /// <summary>The distinct kinds of alert, most frequent first, each with its view (marks for volatile values).</summary>
    public required IReadOnlyList<DigestMember> Members { get; init; }

    /// <summary>Index into <see cref="Members"/> of the rules' root.</summary>
    public required int RootIndex { get; init; }

    /// <summary>Whether the rules had evidence for that root.</summary>
    public required bool RootByEvidence { get; init; }

    public required IReadOnlyDictionary<string, string> Scope { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Figures of the incident, rendered into the digest's <c>{{alerts}}</c>, <c>{{hosts}}</c> and <c>{{services}}</c>.</summary>
    public required IReadOnlyDictionary<string, string> Figures { get; init; }

    /// <summary>The root alert's values of its view's marks: rendered into the digest's <c>{{labels.…}}</c> and <c>{{numN}}</c>.</summary>
    public required IReadOnlyDictionary<string, string> RootValues { get; init; }

    /// <summary>The fingerprint of a member of each kind (same index as <see cref="Members"/>): the digest's probable root as a member.</summary>
    public required IReadOnlyList<string> MemberFingerprints { get; init; }

    /// <summary>The alert each of <see cref="MemberFingerprints"/> names: the root shown when the digest's probable root becomes the root.</summary>
    public IReadOnlyList<AlertData> Examples { get; init; } = [];

    /// <summary>The categories and root the digest is made for (its <see cref="DigestBasis"/>).</summary>
    public string? RootSignature { get; init; }
}

/// <summary>One kind of alert in an incident, as a digest sees it.</summary>
public sealed record DigestMember
{
    public required string Signature { get; init; }

    public required AlertData View { get; init; }

    public required string Category { get; init; }

    public required int Count { get; init; }
}
