using System.Text.Json.Serialization;
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

    /// <summary>
    /// Resolved incidents whose last update went out live in the archive (kept apart, written only when it changes, read by
    /// <c>GET /api/v1/incidents</c>); the book keeps their ids and resolution times, to trim the archive by
    /// <c>INCIDENT_RETENTION</c>.
    /// </summary>
    public List<ArchivedIncident> Archived { get; set; } = [];

    /// <summary>Incidents this update moved to the archive (the store writes them with the book).</summary>
    [JsonIgnore]
    public List<IncidentState> ToArchive { get; } = [];

    /// <summary>Archived incidents this update dropped (the store deletes them with the book).</summary>
    [JsonIgnore]
    public List<string> ArchiveDeletes { get; } = [];

    /// <summary>Set by whoever changed the book: the store writes only a changed book.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Changed { get; private set; }

    /// <summary>
    /// Anything in the book may have changed (<see cref="MarkChanged()"/>): a store that writes incidents one by one compares
    /// every one with what it holds. Otherwise only <see cref="ChangedIncidents"/> and, with <see cref="TopologyChanged"/>, the
    /// book's own fields changed, and incidents added to or removed from <see cref="Incidents"/>.
    /// </summary>
    [JsonIgnore]
    public bool AnythingChanged { get; private set; }

    /// <summary>The incidents an update changed, when it said which (the hot path: a batch joining its incidents).</summary>
    [JsonIgnore]
    public HashSet<IncidentState> ChangedIncidents { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The pod → host topology changed.</summary>
    [JsonIgnore]
    public bool TopologyChanged { get; private set; }

    /// <summary>Anything may have changed: the safe default where an update touches the book at large.</summary>
    public void MarkChanged() => Changed = AnythingChanged = true;

    /// <summary>Only this incident changed (it may be new).</summary>
    public void MarkChanged(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Changed = true;
        ChangedIncidents.Add(incident);
    }

    public void MarkTopologyChanged() => Changed = TopologyChanged = true;

    /// <summary>For stores that keep the book between updates: the next update starts unchanged.</summary>
    public void ClearChanged()
    {
        Changed = AnythingChanged = TopologyChanged = false;
        ChangedIncidents.Clear();
        ToArchive.Clear();
        ArchiveDeletes.Clear();
    }

    public IncidentState? Find(string id) => Incidents.Find(i => i.Id == id);

    /// <summary>
    /// Takes over the links index <paramref name="previous"/> built (derived from its incidents' profiles): for a store that
    /// hands out a new book over the same incident objects, so the index is not rebuilt for every update.
    /// </summary>
    public void KeepIndexOf(IncidentBook previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        Links = previous.Links;
        MemberIndex = previous.MemberIndex;
    }

    /// <summary>
    /// Takes over the links index <paramref name="previous"/> built, brought up to date with the incidents the store
    /// replaced since (before → after; null before: new, null after: gone).
    /// </summary>
    public void KeepIndexOf(IncidentBook previous, IReadOnlyList<(IncidentState? Before, IncidentState? After)> replaced)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(replaced);
        Links = previous.Links;
        // Checks itself against the incidents it is next used with (BookMembers): nothing to replace.
        MemberIndex = previous.MemberIndex;
        HandOn(replaced);
        if (Links is null)
        {
            return;
        }
        foreach (var (before, after) in replaced)
        {
            Links.Replace(before, after);
        }
    }

    /// <summary>The incidents' own caches handed on to the copies a store read back (they check themselves on use).</summary>
    private static void HandOn(IReadOnlyList<(IncidentState? Before, IncidentState? After)> replaced)
    {
        foreach (var (before, after) in replaced)
        {
            if (before is not null && after is not null)
            {
                after.RootGraph ??= before.RootGraph;
            }
        }
    }

    /// <summary>The open incidents' link index (not stored), kept while the book object lives; dropped when incidents close.</summary>
    [JsonIgnore]
    internal BookLinks? Links { get; set; }

    /// <summary>Every member by fingerprint (not stored), kept while the book object lives or is handed on.</summary>
    [JsonIgnore]
    internal BookMembers? MemberIndex { get; set; }
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

    /// <summary>When the earliest member started.</summary>
    public DateTimeOffset? EarliestStart { get; set; }

    public List<MemberState> Members { get; set; } = [];

    public List<ProfileState> Profiles { get; set; } = [];

    public List<SignatureState> Signatures { get; set; } = [];

    public List<string> Categories { get; set; } = [];

    /// <summary>The root's fingerprint.</summary>
    public string? Root { get; set; }

    /// <summary><c>evidence</c>, <c>earliest</c> or <c>model</c> (see <see cref="IncidentData.RootBasis"/>).</summary>
    public string? RootBasis { get; set; }

    public string? RootSignature { get; set; }

    /// <summary>
    /// The alerts the incident keeps whole, each once, by fingerprint: its root, the first of each profile that may become
    /// root, the first of each of its first signatures (whose views a digest shows). Not every member: a storm keeps tens.
    /// </summary>
    public Dictionary<string, AlertData> Alerts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The root alert as received: named in messages, and its values render the digest's marks.</summary>
    [JsonIgnore]
    public AlertData? RootAlert => Root is { } root ? Alerts.GetValueOrDefault(root) : null;

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

    /// <summary>When the last update went out: growth alone waits <c>INCIDENT_UPDATE_INTERVAL</c> after it.</summary>
    public DateTimeOffset? LastPublishedAt { get; set; }

    /// <summary>Updates published so far (<see cref="IncidentUpdated.Sequence"/>).</summary>
    public long Sequence { get; set; }

    /// <summary>The worker publishing the next update, and until when its claim holds (a crashed worker's claim lapses).</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimUntil { get; set; }

    [JsonIgnore]
    public bool IsOpen => Status == IncidentStatus.Open;

    /// <summary>Profile key → index: kept with the object (not stored), extended as profiles are added.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal Dictionary<string, int>? ProfileLookup { get; set; }

    /// <summary>Who explains whom among the profiles (<see cref="RootSelection.Graph"/>): kept with the object, not stored.</summary>
    [JsonIgnore]
    internal RootSelection.Graph? RootGraph { get; set; }

    private HashSet<string>? _groupKeys;

    /// <summary>Whether a member came in this Alertmanager notification.</summary>
    internal bool HoldsGroupKey(string groupKey)
    {
        if (_groupKeys is null)
        {
            _groupKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var profile in Profiles)
            {
                _groupKeys.UnionWith(profile.GroupKeys);
            }
        }
        return _groupKeys.Contains(groupKey);
    }

    internal void AddGroupKey(string groupKey) => _groupKeys?.Add(groupKey);
}

/// <summary>One tracked member (stored compactly: a book of a storm holds thousands).</summary>
public sealed class MemberState
{
    [JsonPropertyName("f")]
    public required string Fingerprint { get; set; }

    [JsonPropertyName("t")]
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>Stored as its opposite, so that the usual case (firing) takes no room.</summary>
    [JsonPropertyName("x")]
    public bool Resolved { get; set; }

    [JsonIgnore]
    public bool Firing
    {
        get => !Resolved;
        set => Resolved = !value;
    }

    /// <summary>Null for <c>member</c>, the usual role.</summary>
    [JsonPropertyName("r")]
    public string? StoredRole { get; set; }

    /// <summary>Decided when the alert first fired, kept while it fires.</summary>
    [JsonIgnore]
    public string Role
    {
        get => StoredRole ?? IncidentRoles.Member;
        set => StoredRole = value == IncidentRoles.Member ? null : value;
    }

    [JsonPropertyName("p")]
    public int Profile { get; set; }

    [JsonPropertyName("s")]
    public int SignatureIndex { get; set; }
}

/// <summary>One distinct <see cref="LinkProfile"/> of an incident, with the members' start times that share it.</summary>
public sealed class ProfileState
{
    [JsonPropertyName("p")]
    public required LinkProfile Profile { get; set; }

    [JsonPropertyName("t0")]
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public DateTimeOffset FirstStart { get; set; }

    [JsonPropertyName("t1")]
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public DateTimeOffset LastStart { get; set; }

    /// <summary>Members (tracked or not) with this profile.</summary>
    [JsonPropertyName("n")]
    public int Count { get; set; }

    /// <summary>Notifications the members came in (a few): an alert of one of them links without the time window.</summary>
    [JsonPropertyName("g")]
    public List<string> GroupKeys { get; set; } = [];

    /// <summary>The earliest member's fingerprint: the profile's candidate for root (its alert is in <see cref="IncidentState.Alerts"/> when kept).</summary>
    [JsonPropertyName("f")]
    public string? First { get; set; }

    [JsonPropertyName("fs")]
    public string? FirstSignature { get; set; }
}

/// <summary>One distinct signature of an incident: what the digest's prompt shows (its view) and how often.</summary>
public sealed class SignatureState
{
    [JsonPropertyName("s")]
    public required string Signature { get; set; }

    [JsonPropertyName("a")]
    public string Alertname { get; set; } = "";

    [JsonPropertyName("c")]
    public string Category { get; set; } = "";

    [JsonPropertyName("n")]
    public int Count { get; set; }

    /// <summary>
    /// The first alert of the signature, for the first signatures only (<see cref="IncidentCorrelator.MaxViews"/>): its view is
    /// what a digest shows a model (the alert is in <see cref="IncidentState.Alerts"/>).
    /// </summary>
    [JsonPropertyName("e")]
    public string? Example { get; set; }
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

/// <summary>An archived incident's id and when it resolved.</summary>
public sealed record ArchivedIncident(string Id, DateTimeOffset ResolvedAt);
