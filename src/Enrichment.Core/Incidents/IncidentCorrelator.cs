using System.Security.Cryptography;
using Enrichment.Contracts;

namespace Enrichment.Core.Incidents;

/// <summary>
/// Places a batch of alerts into incidents: the pure step that runs inside an <see cref="IIncidentStore"/> update (and
/// again, on a fresh book, when another worker changed the book first), so that two workers racing on one storm build
/// one incident.
/// <list type="number">
/// <item>An alert the book knows (its fingerprint is a member of an open incident) keeps its incident and role; a
/// resolution marks the member resolved, and when no tracked member fires the incident waits out
/// <c>INCIDENT_RESOLVE_GRACE</c>.</item>
/// <item>The new firing alerts of the batch are linked with each other (<see cref="IncidentRules.Link"/>) when they
/// start within <c>INCIDENT_WINDOW</c> of each other or came in one Alertmanager notification, and each cluster joins the
/// open incident it links to most strongly, or opens one. Incidents never merge: an alert keeps its incident id while
/// it fires.</item>
/// <item>Each incident that changed chooses its root again (<see cref="RootSelection"/>); new members get their role,
/// which they keep while they fire; the change is recorded for the next <see cref="IncidentUpdated"/>, and a new
/// category or a new root asks for a new digest.</item>
/// </list>
/// </summary>
public sealed class IncidentCorrelator(IncidentOptions options)
{
    /// <summary>Signatures per incident whose view is kept for the digest's prompt.</summary>
    public const int MaxViews = 25;

    /// <summary>Distinct profiles per incident; alerts of further profiles still join, but link only through the others.</summary>
    public const int MaxProfiles = 256;

    private const int MaxGroupKeys = 4;
    private const int MaxPodHosts = 20_000;

    private readonly TimeSpan _window = options.Window;

    public IReadOnlyList<IncidentRef?> Apply(IncidentBook book, IReadOnlyList<AlertFacts> batch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(batch);
        var facts = LearnTopology(book, batch);
        var refs = new IncidentRef?[facts.Length];
        var known = book.MemberIndex ??= new BookMembers();
        known.Synchronize(book);
        var touched = new Dictionary<IncidentState, List<(int Alert, MemberState? Member, int Profile)>>();
        var opened = new HashSet<IncidentState>();
        var newcomers = new List<int>();

        for (var i = 0; i < facts.Length; i++)
        {
            var alert = facts[i];
            if (known.TryFind(book, alert.Fingerprint, out var place))
            {
                var (incident, member) = place;
                if (!alert.Firing)
                {
                    Resolve(book, incident, member, now);
                    refs[i] = RefOf(incident, member);
                    continue;
                }
                if (incident.IsOpen)
                {
                    if (!member.Firing)
                    {
                        // Firing again while its incident is open (a flap, or the same episode re-sent): back in, same role.
                        member.Firing = true;
                        member.StartsAt = alert.StartsAt;
                        incident.QuietSince = null;
                        incident.UpdatedAt = now;
                        book.MarkChanged(incident);
                    }
                    refs[i] = RefOf(incident, member);
                    continue;
                }
            }
            if (alert.Firing)
            {
                newcomers.Add(i);
            }
            // A resolution of an alert no incident knows (it fired before the book, or beyond every bound) has no incident.
        }

        foreach (var cluster in Clusters(facts, newcomers))
        {
            var incident = BestIncident(book, facts, cluster);
            if (incident is null)
            {
                incident = Open(book, now);
                opened.Add(incident);
            }
            if (!touched.TryGetValue(incident, out var joined))
            {
                touched[incident] = joined = [];
            }
            foreach (var i in cluster)
            {
                var (member, profile) = Join(incident, facts[i], now, options.MaxMembers, book.Links);
                joined.Add((i, member, profile));
            }
        }

        foreach (var (incident, joined) in touched)
        {
            var previousRoot = incident.Root;
            var choice = ChooseRoot(incident);
            foreach (var (i, member, profile) in joined)
            {
                var role = RoleOf(incident, choice, facts[i].Fingerprint, profile);
                if (member is not null)
                {
                    member.Role = role;
                }
                refs[i] = new IncidentRef { Id = incident.Id, Role = role, Size = incident.Size };
            }
            if (opened.Contains(incident))
            {
                Record(incident, IncidentEvents.Opened, now);
            }
            else
            {
                Record(incident, IncidentEvents.Grown, now);
                if (!string.Equals(previousRoot, incident.Root, StringComparison.Ordinal))
                {
                    Record(incident, IncidentEvents.RootChanged, now);
                }
            }
            if (MateriallyChanged(incident))
            {
                incident.DigestWanted = true;
            }
            ForgetUnusedAlerts(incident);
            book.MarkChanged(incident);
        }
        BoundOpen(book, now);
        return refs;
    }

    /// <summary>A new category, or a root of another signature than the digest was made for.</summary>
    public static bool MateriallyChanged(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var basis = incident.DigestBasis;
        return basis is null
            || incident.Categories.Any(c => !basis.Categories.Contains(c))
            || !string.Equals(basis.RootSignature, incident.RootSignature, StringComparison.Ordinal);
    }

    /// <summary>Records a change for the next update, which goes out <c>INCIDENT_UPDATE_DELAY</c> after the first change it gathers.</summary>
    public void Record(IncidentState incident, string change, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        incident.ChangeCount++;
        incident.Pending[change] = incident.ChangeCount;
        var due = DueAt(incident, now, options);
        incident.PublishDueAt = incident.PublishDueAt is { } scheduled && scheduled < due ? scheduled : due;
        incident.UpdatedAt = now;
    }

    /// <summary>
    /// When the pending changes go out: <c>INCIDENT_UPDATE_DELAY</c> from now, and, when they only say that the incident grew,
    /// not before <c>INCIDENT_UPDATE_INTERVAL</c> after the last update.
    /// </summary>
    public static DateTimeOffset DueAt(IncidentState incident, DateTimeOffset now, IncidentOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var due = now + options.UpdateDelay;
        var onlyGrown = incident.Pending.Count > 0 && incident.Pending.Keys.All(k => k == IncidentEvents.Grown);
        if (onlyGrown && incident.LastPublishedAt is { } last && last + options.UpdateInterval > due)
        {
            due = last + options.UpdateInterval;
        }
        return due;
    }

    private static void Resolve(IncidentBook book, IncidentState incident, MemberState member, DateTimeOffset now)
    {
        if (!member.Firing)
        {
            return;
        }
        member.Firing = false;
        book.MarkChanged(incident);
        if (incident.IsOpen && !incident.Members.Exists(m => m.Firing))
        {
            incident.QuietSince = now;
            incident.UpdatedAt = now;
        }
    }

    /// <summary>
    /// Learns which node each pod runs on from alerts that name both, and places the pod alerts that name no node there:
    /// a pod's alerts then link with its node's.
    /// </summary>
    private static AlertFacts[] LearnTopology(IncidentBook book, IReadOnlyList<AlertFacts> batch)
    {
        foreach (var alert in batch)
        {
            if (alert.PodKey is { } pod && alert.HostsExplicit && alert.Profile.Hosts.Count > 0
                && !(book.PodHosts.TryGetValue(pod, out var known) && known == alert.Profile.Hosts[0]))
            {
                if (!book.PodHosts.ContainsKey(pod))
                {
                    book.PodHostOrder.Add(pod);
                }
                book.PodHosts[pod] = alert.Profile.Hosts[0];
                book.MarkTopologyChanged();
            }
        }
        if (book.PodHostOrder.Count > MaxPodHosts)
        {
            var excess = book.PodHostOrder.Count - MaxPodHosts;
            foreach (var pod in book.PodHostOrder.Take(excess))
            {
                book.PodHosts.Remove(pod);
            }
            book.PodHostOrder.RemoveRange(0, excess);
        }
        var facts = new AlertFacts[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var alert = batch[i];
            facts[i] = alert.PodKey is { } pod && alert.Profile.Hosts.Count == 0 && book.PodHosts.TryGetValue(pod, out var host)
                ? alert with { Profile = CopyWithHost(alert.Profile, host) }
                : alert;
        }
        return facts;
    }

    private static LinkProfile CopyWithHost(LinkProfile profile, string host) => new()
    {
        Kinds = profile.Kinds,
        Hosts = [host],
        Zone = profile.Zone,
        Workloads = profile.Workloads,
        Scope = profile.Scope,
        Partition = profile.Partition,
        Namespace = profile.Namespace,
        Job = profile.Job,
        Instance = profile.Instance,
    };

    /// <summary>The new alerts of a batch grouped by links (union-find), earliest cluster first.</summary>
    private List<List<int>> Clusters(AlertFacts[] facts, List<int> newcomers)
    {
        var parent = newcomers.ToDictionary(i => i, i => i);
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        // Alerts with one profile link alike: compare each distinct profile once.
        var byProfile = newcomers.GroupBy(i => facts[i].Profile.Key() + "\u001d" + facts[i].StartsAt.UtcTicks / _window.Ticks + "\u001d" + facts[i].GroupKey)
            .Select(g => g.ToList()).ToList();
        foreach (var group in byProfile)
        {
            // Equal profiles, starting within one window: linked with each other if the profile links with itself at all.
            if (group.Count > 1 && IncidentRules.Link(facts[group[0]].Profile, facts[group[0]].Profile) != LinkStrength.None)
            {
                for (var k = 1; k < group.Count; k++)
                {
                    parent[Find(group[k])] = Find(group[0]);
                }
            }
        }
        for (var a = 0; a < byProfile.Count; a++)
        {
            for (var b = a + 1; b < byProfile.Count; b++)
            {
                var x = byProfile[a][0];
                var y = byProfile[b][0];
                if (InTime(facts[x], facts[y]) && IncidentRules.Link(facts[x].Profile, facts[y].Profile) != LinkStrength.None)
                {
                    // Every alert of both groups: a group whose profile does not link with itself is joined through the other.
                    foreach (var member in byProfile[a].Concat(byProfile[b]))
                    {
                        parent[Find(member)] = Find(x);
                    }
                }
            }
        }
        return newcomers.GroupBy(Find).Select(g => g.ToList())
            .OrderBy(c => c.Min(i => facts[i].StartsAt)).ToList();
    }

    private bool InTime(AlertFacts a, AlertFacts b) =>
        (a.GroupKey is not null && a.GroupKey == b.GroupKey) || (a.StartsAt - b.StartsAt).Duration() <= _window;

    /// <summary>
    /// The open incident a cluster links to most strongly; the larger, then the older, at equal strength. A cluster that
    /// brings its own explained cause (a node alert with the pods it explains) joins only through evidence or a shared
    /// host: two nodes that fail apart each keep their incident, though each ran a pod of the same deployment.
    /// </summary>
    private IncidentState? BestIncident(IncidentBook book, AlertFacts[] facts, List<int> cluster)
    {
        var weakest = ExplainsItself(facts, cluster) ? LinkStrength.Host : LinkStrength.Scope;
        var links = book.Links ??= new BookLinks(book);
        var strengths = new Dictionary<IncidentState, LinkStrength>();
        foreach (var alert in cluster.Select(i => facts[i]).DistinctBy(f => f.Profile.Key() + "\u001d" + f.StartsAt.UtcTicks + "\u001d" + f.GroupKey))
        {
            foreach (var (incident, strength) in links.Strengths(alert, _window))
            {
                if (strength > strengths.GetValueOrDefault(incident))
                {
                    strengths[incident] = strength;
                }
            }
        }
        IncidentState? best = null;
        var bestStrength = LinkStrength.None;
        foreach (var (incident, strength) in strengths)
        {
            if (strength < weakest)
            {
                continue;
            }
            if (best is null || strength > bestStrength || (strength == bestStrength
                && (incident.Size > best.Size || (incident.Size == best.Size && incident.OpenedAt < best.OpenedAt))))
            {
                best = incident;
                bestStrength = strength;
            }
        }
        return best;
    }

    /// <summary>Whether one alert of the cluster explains all the others (directly, through others, or as the earlier of one cause).</summary>
    private static bool ExplainsItself(AlertFacts[] facts, List<int> cluster)
    {
        var profiles = cluster.Select(i => facts[i]).GroupBy(f => f.Profile.Key())
            .Select(g => new ProfileState { Profile = g.First().Profile, FirstStart = g.Min(f => f.StartsAt), LastStart = g.Max(f => f.StartsAt), Count = g.Count() })
            .ToList();
        if (profiles.Count < 2)
        {
            return false;
        }
        var choice = RootSelection.Choose(profiles);
        return choice is { Evidence: true } && Enumerable.Range(0, profiles.Count).All(p => p == choice.Profile || choice.Explained.Contains(p));
    }

    private static IncidentState Open(IncidentBook book, DateTimeOffset now)
    {
        var incident = new IncidentState { Id = NewId(now), OpenedAt = now, UpdatedAt = now };
        book.Incidents.Add(incident);
        book.MarkChanged(incident);
        return incident;
    }

    /// <summary><c>inc-</c>, the opening time (sortable) and random digits: unique across workers without coordination.</summary>
    private static string NewId(DateTimeOffset now) =>
        "inc-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static (MemberState? Member, int Profile) Join(IncidentState incident, AlertFacts alert, DateTimeOffset now, int maxMembers, BookLinks? links)
    {
        incident.Size++;
        incident.UpdatedAt = now;
        incident.QuietSince = null;

        var profile = ProfileIndex(incident, alert.Profile);
        if (profile < 0 && incident.Profiles.Count < MaxProfiles)
        {
            incident.Profiles.Add(new ProfileState { Profile = alert.Profile, FirstStart = alert.StartsAt, LastStart = alert.StartsAt });
            profile = incident.Profiles.Count - 1;
            incident.ProfileLookup![alert.Profile.Key()] = profile;
            links?.Add(incident, incident.Profiles[profile]);
        }
        if (profile >= 0)
        {
            var state = incident.Profiles[profile];
            state.Count++;
            if (state.First is null || alert.StartsAt < state.FirstStart)
            {
                state.FirstStart = alert.StartsAt;
                state.First = alert.Fingerprint;
                state.FirstSignature = alert.Signature;
                // Kept whole for the profiles a root can come from without being the first to start (those that explain
                // others), and for the earliest alert of the incident (the root when nothing explains anything): not for every pod.
                var earliest = incident.EarliestStart is not { } first || alert.StartsAt < first;
                if ((state.Profile.Kinds & AlertKinds.Explaining) != 0 || earliest)
                {
                    incident.Alerts[alert.Fingerprint] = alert.Alert;
                }
                if (earliest)
                {
                    incident.EarliestStart = alert.StartsAt;
                }
            }
            if (alert.StartsAt > state.LastStart)
            {
                state.LastStart = alert.StartsAt;
            }
            if (alert.GroupKey is { } key && !state.GroupKeys.Contains(key))
            {
                if (state.GroupKeys.Count >= MaxGroupKeys)
                {
                    state.GroupKeys.RemoveAt(0);
                }
                state.GroupKeys.Add(key);
                incident.AddGroupKey(key);
            }
        }

        var signature = incident.Signatures.FindIndex(s => s.Signature == alert.Signature);
        if (signature < 0)
        {
            var example = incident.Signatures.Count < MaxViews;
            incident.Signatures.Add(new SignatureState
            {
                Signature = alert.Signature,
                Alertname = alert.Alertname,
                Category = alert.Category,
                Example = example ? alert.Fingerprint : null,
            });
            if (example)
            {
                incident.Alerts[alert.Fingerprint] = alert.Alert;
            }
            signature = incident.Signatures.Count - 1;
        }
        incident.Signatures[signature].Count++;

        if (!incident.Categories.Contains(alert.Category))
        {
            incident.Categories.Add(alert.Category);
            incident.Categories.Sort(StringComparer.Ordinal);
        }
        if (incident.Members.Count >= maxMembers)
        {
            return (null, profile);
        }
        var member = new MemberState
        {
            Fingerprint = alert.Fingerprint,
            StartsAt = alert.StartsAt,
            Firing = true,
            Profile = profile,
            SignatureIndex = signature,
        };
        incident.Members.Add(member);
        return (member, profile);
    }

    /// <summary>Chooses the root again; a model's root (chosen where the rules had no evidence) stands until evidence appears.</summary>
    private static RootSelection.Choice? ChooseRoot(IncidentState incident)
    {
        var choice = RootSelection.Choose(incident);
        if (choice is null)
        {
            return null;
        }
        if (!choice.Evidence && incident.RootBasis == RootBases.Model && incident.Root is not null)
        {
            return choice;
        }
        var state = incident.Profiles[choice.Profile];
        incident.Root = state.First;
        incident.RootSignature = state.FirstSignature;
        incident.RootBasis = choice.Evidence ? RootBases.Evidence : RootBases.Earliest;
        return choice;
    }

    private static string RoleOf(IncidentState incident, RootSelection.Choice? choice, string fingerprint, int profile)
    {
        if (string.Equals(fingerprint, incident.Root, StringComparison.Ordinal))
        {
            return IncidentRoles.Root;
        }
        return choice is { Evidence: true } && profile >= 0 && choice.Explained.Contains(profile) && incident.RootBasis == RootBases.Evidence
            ? IncidentRoles.Symptom
            : IncidentRoles.Member;
    }

    /// <summary>Keeps whole only the alerts still needed: the root, the first of each profile that explains others, the signatures' examples.</summary>
    public static void ForgetUnusedAlerts(IncidentState incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        if (incident.Root is { } root)
        {
            needed.Add(root);
        }
        foreach (var profile in incident.Profiles)
        {
            if (profile.First is { } first && (profile.Profile.Kinds & AlertKinds.Explaining) != 0)
            {
                needed.Add(first);
            }
        }
        foreach (var signature in incident.Signatures)
        {
            if (signature.Example is { } example)
            {
                needed.Add(example);
            }
        }
        foreach (var fingerprint in incident.Alerts.Keys.Where(k => !needed.Contains(k)).ToList())
        {
            incident.Alerts.Remove(fingerprint);
        }
    }

    private static int ProfileIndex(IncidentState incident, LinkProfile profile)
    {
        if (incident.ProfileLookup is null)
        {
            incident.ProfileLookup = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < incident.Profiles.Count; i++)
            {
                incident.ProfileLookup.TryAdd(incident.Profiles[i].Profile.Key(), i);
            }
        }
        return incident.ProfileLookup.TryGetValue(profile.Key(), out var index) ? index : -1;
    }

    private static IncidentRef RefOf(IncidentState incident, MemberState member) =>
        new() { Id = incident.Id, Role = member.Role, Size = incident.Size };

    /// <summary>Beyond <c>INCIDENT_MAX_OPEN</c>, the incident updated longest ago is closed (resolved).</summary>
    private void BoundOpen(IncidentBook book, DateTimeOffset now)
    {
        var open = book.Incidents.Where(i => i.IsOpen).ToList();
        if (open.Count <= options.MaxOpen)
        {
            return;
        }
        foreach (var incident in open.OrderBy(i => i.UpdatedAt).Take(open.Count - options.MaxOpen))
        {
            Close(incident, now);
            book.MarkChanged(incident);
        }
        book.Links = null;
    }

    public void Close(IncidentState incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        incident.Status = IncidentStatus.Resolved;
        incident.ResolvedAt = now;
        Record(incident, IncidentEvents.Resolved, now);
    }
}
