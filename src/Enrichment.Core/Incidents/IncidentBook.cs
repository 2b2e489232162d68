using Enrichment.Contracts;

namespace Enrichment.Core.Incidents;

/// <summary>
/// Every incident the service knows, open and recently resolved, with what correlation needs to place the next alert: the
/// state an <see cref="IIncidentStore"/> keeps (one JSON document, read and written whole) and every worker shares. Bounded
/// by <c>INCIDENT_MAX_OPEN</c>, <c>INCIDENT_MAX_MEMBERS</c> and <c>INCIDENT_RETENTION</c>.
/// </summary>
public sealed class IncidentBook
{
    public List<IncidentState> Incidents { get; set; } = [];

    /// <summary>The learned topology: a pod (<c>partition|namespace|pod</c>) → the host it runs on, from alerts that named both.</summary>
    public Dictionary<string, string> PodHosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The pods of <see cref="PodHosts"/> in the order they were learned, so the oldest go first at the bound.</summary>
    public List<string> PodHostOrder { get; set; } = [];

    /// <summary>Set by whoever changed the book: the store writes only a changed book.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Changed { get; private set; }

    public void MarkChanged() => Changed = true;

    public IncidentState? Find(string id) => Incidents.Find(i => i.Id == id);
}

/// <summary>One incident.</summary>
public sealed class IncidentState
{
    public required string Id { get; set; }

    public string Status { get; set; } = IncidentStatus.Open;

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the last firing member resolved: the incident resolves <c>INCIDENT_RESOLVE_GRACE</c> later unless one fires again.</summary>
    public DateTimeOffset? QuietSince { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Every alert that joined, tracked or not.</summary>
    public int Size { get; set; }

    public List<MemberState> Members { get; set; } = [];

    public List<ProfileState> Profiles { get; set; } = [];

    public List<SignatureState> Signatures { get; set; } = [];

    public List<string> Categories { get; set; } = [];

    /// <summary>The root's fingerprint.</summary>
    public string? Root { get; set; }

    /// <summary><c>evidence</c>, <c>earliest</c> or <c>model</c> (see <see cref="IncidentData.RootBasis"/>).</summary>
    public string? RootBasis { get; set; }

    public string? RootSignature { get; set; }

    /// <summary>The root alert as received: named in messages, and its values render the digest's marks.</summary>
    public AlertData? RootAlert { get; set; }

    public IncidentDigestData? Digest { get; set; }

    /// <summary>The digest as made, marks and all, with the set of signatures and the root it was made for.</summary>
    public DigestBasis? DigestBasis { get; set; }

    /// <summary>The incident changed materially (opened, a new category, a new root): the next update makes a digest.</summary>
    public bool DigestWanted { get; set; }

    /// <summary>Kinds of change since the last update went out (<see cref="IncidentEvents"/>), each with the change count it was last recorded at.</summary>
    public Dictionary<string, long> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the pending changes go out: the first of them plus <c>INCIDENT_UPDATE_DELAY</c>.</summary>
    public DateTimeOffset? PublishDueAt { get; set; }

    /// <summary>Counts changes; an update covers those up to the count it was claimed at.</summary>
    public long ChangeCount { get; set; }

    /// <summary>Updates published so far (<see cref="IncidentUpdated.Sequence"/>).</summary>
    public long Sequence { get; set; }

    /// <summary>The worker publishing the next update, and until when its claim holds (a crashed worker's claim lapses).</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimUntil { get; set; }

    public bool IsOpen => Status == IncidentStatus.Open;
}

/// <summary>One tracked member.</summary>
public sealed class MemberState
{
    public required string Fingerprint { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public bool Firing { get; set; }

    /// <summary>Decided when the alert first fired, kept while it fires.</summary>
    public string Role { get; set; } = IncidentRoles.Member;

    public int Profile { get; set; }

    public int SignatureIndex { get; set; }

    public string Category { get; set; } = "";
}

/// <summary>One distinct <see cref="LinkProfile"/> of an incident, with the members' start times that share it.</summary>
public sealed class ProfileState
{
    public required LinkProfile Profile { get; set; }

    public DateTimeOffset FirstStart { get; set; }

    public DateTimeOffset LastStart { get; set; }

    /// <summary>Members (tracked or not) with this profile.</summary>
    public int Count { get; set; }

    /// <summary>Notifications the members came in (a few): an alert of one of them links without the time window.</summary>
    public List<string> GroupKeys { get; set; } = [];

    /// <summary>The earliest member's fingerprint and alert: the profile's candidate for root.</summary>
    public string? First { get; set; }

    public string? FirstSignature { get; set; }

    public AlertData? Example { get; set; }
}

/// <summary>One distinct signature of an incident: what the digest's prompt shows (its view) and how often.</summary>
public sealed class SignatureState
{
    public required string Signature { get; set; }

    public string Alertname { get; set; } = "";

    public string Category { get; set; } = "";

    public int Count { get; set; }

    /// <summary>Kept for the first signatures only (<see cref="IncidentCorrelator.MaxViews"/>): what a model may see.</summary>
    public AlertData? View { get; set; }
}

/// <summary>What a digest was made for: it is made again only when the incident changed materially since.</summary>
public sealed class DigestBasis
{
    public string Key { get; set; } = "";

    public List<string> Categories { get; set; } = [];

    public string? RootSignature { get; set; }

    /// <summary>The digest with its marks, before rendering with the root's values.</summary>
    public IncidentDigestData? Raw { get; set; }

    /// <summary>The signature of the member the digest named as probable root.</summary>
    public string? ProbableRootSignature { get; set; }
}

public static class IncidentStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}

public static class IncidentRoles
{
    public const string Root = "root";
    public const string Symptom = "symptom";
    public const string Member = "member";
}

/// <summary>The <c>event</c> of <see cref="IncidentUpdated"/> and of <c>enrichment_incidents_total</c>.</summary>
public static class IncidentEvents
{
    public const string Opened = "opened";
    public const string Grown = "grown";
    public const string RootChanged = "root_changed";
    public const string Resolved = "resolved";

    /// <summary>Most telling first: an update's <c>event</c> is the first of its changes in this order.</summary>
    public static readonly IReadOnlyList<string> Order = [Resolved, Opened, RootChanged, Grown];
}

public static class RootBases
{
    public const string Evidence = "evidence";
    public const string Earliest = "earliest";
    public const string Model = "model";
}
