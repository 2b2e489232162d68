using System.Collections.Frozen;
using System.Net;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Rules;

namespace Enrichment.Core.Incidents;

/// <summary>
/// Reads an alert's <see cref="AlertFacts"/>: its signature and view, where it is and what kind of alert it is. Pure and
/// thread-safe. The kinds are read from the alert name and summary (words such as <c>Down</c>, <c>NotReady</c>,
/// <c>Errors</c>, <c>Latency</c>), the labels that locate it (<c>node</c>, <c>pod</c>, <c>deployment</c>, <c>zone</c>), its
/// category and its rule's expression (<c>up == 0</c>, <c>absent(…)</c>).
/// </summary>
public sealed class AlertFactsReader
{
    /// <summary>Labels that name the node or host an alert is on, strongest first.</summary>
    private static readonly string[] HostLabels = ["node", "kubernetes_node", "nodename", "exported_node", "host", "hostname"];

    private static readonly string[] ZoneLabels = ["zone", "topology_kubernetes_io_zone", "failure_domain_beta_kubernetes_io_zone", "availability_zone", "az"];

    private static readonly string[] PodLabels = ["pod", "pod_name", "exported_pod"];

    /// <summary>Labels that name a workload or service directly.</summary>
    private static readonly string[] WorkloadLabels =
    [
        "deployment", "statefulset", "daemonset", "replicaset", "job_name", "cronjob", "app", "app_kubernetes_io_name", "k8s_app",
        "service", "destination_workload", "destination_service_name", "workload",
    ];

    /// <summary>
    /// Values that name the exporter or agent that measured an alert rather than what it is about: alerts of every workload
    /// carry them, so they must not make those alerts one workload.
    /// </summary>
    private static readonly FrozenSet<string> Agents = FrozenSet.ToFrozenSet(
    [
        "kube-state-metrics", "node-exporter", "prometheus-node-exporter", "kubelet", "cadvisor", "blackbox-exporter", "blackbox",
        "istio-proxy", "linkerd-proxy", "envoy", "pod", "kube-proxy", "prometheus-operator",
    ], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> HostWords = FrozenSet.ToFrozenSet(
        ["node", "host", "machine", "kubelet", "server", "vm", "hypervisor", "instance", "system", "systemd", "kernel", "clock", "ntp"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> OutageWords = FrozenSet.ToFrozenSet(
        ["down", "unreachable", "notready", "unavailable", "offline", "dead", "lost", "outage", "partition", "partitioned", "unresponsive", "noleader"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> FailureWords = FrozenSet.ToFrozenSet(
        ["fail", "failed", "failing", "failure", "failures", "error", "errors", "timeout", "timeouts", "refused", "servfail", "nxdomain"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ErrorLatencyWords = FrozenSet.ToFrozenSet(
    [
        "error", "errors", "err", "5xx", "500", "502", "503", "504", "failures", "failing", "latency", "slow", "duration", "timeout",
        "timeouts", "slo", "burn", "burnrate", "budget", "apdex", "unsuccessful", "availability", "lag", "lagging", "backlog",
    ], StringComparer.Ordinal);

    /// <summary>A change being made to a workload: what explains its pods' trouble, where missing replicas only report it.</summary>
    private static readonly FrozenSet<string> RolloutWords = FrozenSet.ToFrozenSet(
        ["rollout", "generation", "progressing", "stuck", "update", "upgrade", "deploy", "sync", "revision"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> DnsWords = FrozenSet.ToFrozenSet(["dns", "coredns", "kubedns", "resolver", "resolution", "nameserver"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> WorkloadWords = FrozenSet.ToFrozenSet(
        ["deployment", "statefulset", "daemonset", "rollout", "replicaset", "replicas", "replica", "generation", "hpa", "horizontalpodautoscaler"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ProbeWords = FrozenSet.ToFrozenSet(["probe", "blackbox", "http", "https", "endpoint", "ssl", "cert", "certificate"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ZoneWords = FrozenSet.ToFrozenSet(["zone", "az", "interzone", "crosszone", "partition", "region", "datacenter"], StringComparer.Ordinal);

    private readonly AlertSignature _signature;
    private readonly IReadOnlyList<string> _scopeLabels;

    public AlertFactsReader(IReadOnlyList<string> scopeLabels, IEnumerable<string>? volatileLabels = null)
    {
        ArgumentNullException.ThrowIfNull(scopeLabels);
        _scopeLabels = scopeLabels;
        _signature = new AlertSignature(volatileLabels);
    }

    /// <param name="signed">The alert already read through its signature (the classification's), to save reading it again.</param>
    public AlertFacts Read(AlertData alert, string category, DateTimeOffset receivedAt, string? groupKey = null, SignedAlert? signed = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        signed ??= _signature.Read(alert);
        var labels = alert.Labels;
        var alertname = labels.GetValueOrDefault("alertname") ?? "";
        var words = Words(alertname, alert.Annotations.GetValueOrDefault("summary"));
        var expression = GeneratorExpression.Of(alert.GeneratorUrl) ?? "";

        var partition = _scopeLabels.Count > 0 ? NonEmpty(labels.GetValueOrDefault(_scopeLabels[0])) : null;
        var pod = First(labels, PodLabels);
        var probe = IsProbe(labels, words);
        var instance = NonEmpty(labels.GetValueOrDefault("instance"));
        var probeTarget = probe ? ProbeTarget(instance) : null;
        var ns = NonEmpty(labels.GetValueOrDefault("namespace")) ?? probeTarget?.Namespace;

        // Hosts: named by the alert, else the instance's host for alerts about a machine (a pod alert's instance is the pod
        // or its exporter, a probe's is the URL it probes).
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in HostLabels)
        {
            if (NormalizeHost(labels.GetValueOrDefault(label)) is { } host)
            {
                hosts.Add(host);
            }
        }
        var explicitHosts = hosts.Count > 0;
        if (!explicitHosts && pod is null && !probe && NormalizeHost(instance) is { } instanceHost)
        {
            hosts.Add(instanceHost);
        }

        var workloads = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in WorkloadLabels)
        {
            if (WorkloadName(labels.GetValueOrDefault(label), label) is { } name)
            {
                workloads.Add(WorkloadKey(partition, ns, name));
            }
        }
        if (pod is not null && PodWorkload(pod) is { } podWorkload && !Agents.Contains(podWorkload))
        {
            workloads.Add(WorkloadKey(partition, ns, podWorkload));
        }
        if (workloads.Count == 0 && NonEmpty(labels.GetValueOrDefault("container")) is { } container && !Agents.Contains(container))
        {
            workloads.Add(WorkloadKey(partition, ns, container.ToLowerInvariant()));
        }
        if (probeTarget is { } target)
        {
            workloads.Add(WorkloadKey(partition, target.Namespace ?? ns, target.Name));
        }

        var zone = First(labels, ZoneLabels);
        var kinds = Kinds(words, labels, category, expression, hosts.Count > 0, zone is not null, pod is not null, probe, workloads.Count > 0);

        var scope = new List<string>(_scopeLabels.Count);
        foreach (var label in _scopeLabels)
        {
            if (NonEmpty(labels.GetValueOrDefault(label)) is { } value)
            {
                scope.Add(label + "=" + value);
            }
        }

        return new AlertFacts
        {
            Fingerprint = alert.Fingerprint,
            Signature = signed.Signature,
            View = signed.View,
            Alert = alert,
            Alertname = alertname,
            Category = category,
            Firing = alert.Status != AlertStatus.Resolved,
            StartsAt = alert.StartsAt is { } start && start > DateTimeOffset.UnixEpoch ? start : receivedAt,
            GroupKey = groupKey,
            PodKey = pod is null ? null : $"{partition}|{ns}|{pod}",
            HostsExplicit = explicitHosts,
            Profile = new LinkProfile
            {
                Kinds = kinds,
                Hosts = [.. hosts],
                Zone = zone,
                Workloads = [.. workloads],
                Scope = scope,
                Partition = partition,
                Namespace = ns,
                Job = NonEmpty(labels.GetValueOrDefault("job")),
                // A probe's instance is what it probes (its workload above), not a scrape target: left out, so that a thousand
                // probes of one service are one profile.
                Instance = probe ? null : instance,
            },
        };
    }

    private static AlertKinds Kinds(HashSet<string> words, IReadOnlyDictionary<string, string> labels, string category, string expression,
        bool hasHost, bool hasZone, bool hasPod, bool probe, bool hasWorkload)
    {
        var kinds = AlertKinds.None;
        var outage = words.Overlaps(OutageWords);
        var failing = words.Overlaps(FailureWords);
        var workloadLevel = !hasPod && (words.Overlaps(WorkloadWords) || labels.ContainsKey("deployment") || labels.ContainsKey("statefulset") || labels.ContainsKey("daemonset"))
            && hasWorkload;
        if (hasPod)
        {
            kinds |= AlertKinds.Pod;
        }
        if (probe)
        {
            kinds |= AlertKinds.Probe;
        }
        if (workloadLevel && !probe)
        {
            kinds |= AlertKinds.Workload;
            if (words.Overlaps(RolloutWords))
            {
                kinds |= AlertKinds.Rollout;
            }
        }

        var targetDown = IsTargetDown(words, labels, expression);
        if (targetDown)
        {
            kinds |= AlertKinds.TargetDown;
        }

        // A machine as a whole: located on a host, not on a pod or workload, and named so (or a host category).
        var job = labels.GetValueOrDefault("job") ?? "";
        if (hasHost && !hasPod && !workloadLevel && !probe
            && (words.Overlaps(HostWords) || category is "infrastructure" or "storage" || (targetDown && job.Contains("node", StringComparison.OrdinalIgnoreCase))))
        {
            kinds |= AlertKinds.Host;
            if (outage || targetDown)
            {
                kinds |= AlertKinds.HostOutage;
            }
        }

        if (hasZone && !hasHost && !hasPod && (category is "network" or "infrastructure" || words.Overlaps(ZoneWords)))
        {
            kinds |= AlertKinds.Zone;
        }

        var dns = words.Overlaps(DnsWords) || job.Contains("dns", StringComparison.OrdinalIgnoreCase);
        if ((category is "database" or "messaging" && (outage || words.Contains("failover") || words.Contains("refused")))
            || (dns && (outage || failing || targetDown)))
        {
            kinds |= AlertKinds.Dependency;
            if (dns)
            {
                // Every service of the cluster resolves names through it.
                kinds |= AlertKinds.ClusterWide;
            }
        }
        else if (words.Overlaps(ErrorLatencyWords) && !targetDown)
        {
            kinds |= AlertKinds.ErrorOrLatency;
        }
        return kinds;
    }

    private static bool IsTargetDown(HashSet<string> words, IReadOnlyDictionary<string, string> labels, string expression)
    {
        if (words.Contains("absent") || words.Contains("nodata") || (words.Contains("target") && (words.Contains("down") || words.Contains("missing")))
            || (words.Contains("scrape") && words.Overlaps(FailureWords)) || (words.Contains("metrics") && (words.Contains("missing") || words.Contains("absent"))))
        {
            return true;
        }
        if (words.Contains("instance") && words.Contains("down") && labels.ContainsKey("job"))
        {
            return true;
        }
        var compact = expression.Replace(" ", "", StringComparison.Ordinal);
        return compact.Contains("absent(", StringComparison.Ordinal) || compact.Contains("absent_over_time(", StringComparison.Ordinal)
            || (compact.StartsWith("up", StringComparison.Ordinal) && compact.EndsWith("==0", StringComparison.Ordinal));
    }

    private static bool IsProbe(IReadOnlyDictionary<string, string> labels, HashSet<string> words)
    {
        var job = labels.GetValueOrDefault("job") ?? "";
        var instance = labels.GetValueOrDefault("instance") ?? "";
        return job.Contains("blackbox", StringComparison.OrdinalIgnoreCase) || job.Contains("probe", StringComparison.OrdinalIgnoreCase)
            || (instance.Contains("://", StringComparison.Ordinal) && (words.Contains("probe") || words.Overlaps(ProbeWords)));
    }

    /// <summary>Words of the alert name (split at case changes) and summary, lower-cased; "Not Ready" and "No Leader" become one word.</summary>
    internal static HashSet<string> Words(string alertname, string? summary)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        Add(words, alertname, camelCase: true);
        Add(words, summary ?? "", camelCase: false);
        return words;
    }

    private static void Add(HashSet<string> words, string text, bool camelCase)
    {
        var enumerator = new WordEnumerator(text, camelCase);
        string? previous = null;
        while (enumerator.MoveNext())
        {
            var word = enumerator.Current.ToString().ToLowerInvariant();
            words.Add(word);
            if (previous is "not" && word is "ready" or "running" or "available" or "reachable")
            {
                words.Add(word == "ready" ? "notready" : word == "reachable" ? "unreachable" : "unavailable");
            }
            if (previous is "no" && word is "leader")
            {
                words.Add("noleader");
            }
            if (previous is "burn" && word is "rate")
            {
                words.Add("burnrate");
            }
            previous = word;
        }
    }

    /// <summary><c>node-1.prod.internal:9100</c> → <c>node-1</c>; an IP address stays whole; a URL gives nothing.</summary>
    public static string? NormalizeHost(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }
        var host = value.Trim();
        if (host.StartsWith('[') && host.IndexOf(']') is > 0 and var close)
        {
            return host[1..close].ToLowerInvariant();
        }
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip.ToString();
        }
        var colon = host.LastIndexOf(':');
        if (colon > 0 && host[(colon + 1)..].All(char.IsAsciiDigit))
        {
            host = host[..colon];
        }
        if (IPAddress.TryParse(host, out ip))
        {
            return ip.ToString();
        }
        var dot = host.IndexOf('.');
        if (dot > 0)
        {
            host = host[..dot];
        }
        host = host.ToLowerInvariant();
        return host.Length == 0 || host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) ? null : host;
    }

    /// <summary>A probe's target as a workload: <c>http://cart.shop.svc:8080/health</c> → cart in shop; <c>https://api.example.com</c> → api.example.com.</summary>
    public static (string Name, string? Namespace)? ProbeTarget(string? instance)
    {
        if (string.IsNullOrWhiteSpace(instance))
        {
            return null;
        }
        var text = instance.Contains("://", StringComparison.Ordinal) ? instance : "tcp://" + instance;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return null;
        }
        var parts = uri.Host.ToLowerInvariant().Split('.');
        var svc = Array.IndexOf(parts, "svc");
        if (svc == 2)
        {
            return (parts[0], parts[1]);
        }
        if (parts.Length == 1 || svc == 1)
        {
            return (parts[0], null);
        }
        return (uri.Host.ToLowerInvariant(), null);
    }

    /// <summary>
    /// The workload a pod belongs to, from its name: a Deployment's <c>cart-7d9f8b6c4-x2x9z</c> → <c>cart</c>, a
    /// StatefulSet's <c>postgres-0</c> → <c>postgres</c>, a DaemonSet's <c>fluentd-x2x9z</c> → <c>fluentd</c>.
    /// </summary>
    public static string? PodWorkload(string pod)
    {
        var parts = pod.ToLowerInvariant().Split('-');
        if (parts.Length < 2)
        {
            return parts[0].Length == 0 ? null : parts[0];
        }
        var end = parts.Length;
        // A random five-character suffix may happen to be all digits; a StatefulSet's ordinal is shorter.
        if (IsPodSuffix(parts[end - 1]) && (!parts[end - 1].All(char.IsAsciiDigit) || IsReplicaSetHash(parts[end - 2])))
        {
            end--;
            if (end >= 2 && IsReplicaSetHash(parts[end - 1]))
            {
                end--;
            }
        }
        else if (parts[end - 1].All(char.IsAsciiDigit))
        {
            end--;
        }
        return end == 0 ? null : string.Join('-', parts[..end]);
    }

    private static bool IsPodSuffix(string part) => part.Length == 5 && part.All(char.IsAsciiLetterOrDigit);

    private static bool IsReplicaSetHash(string part) => part.Length is >= 6 and <= 10 && part.All(char.IsAsciiLetterOrDigit) && part.Any(char.IsAsciiDigit);

    private static string? WorkloadName(string? value, string label)
    {
        if (NonEmpty(value) is not { } name || Agents.Contains(name))
        {
            return null;
        }
        name = name.ToLowerInvariant();
        // A Service made for scraping ("…-metrics") speaks of what it exposes.
        if (label == "service" && name.EndsWith("-metrics", StringComparison.Ordinal) && name.Length > "-metrics".Length)
        {
            name = name[..^"-metrics".Length];
        }
        // A ReplicaSet is its Deployment's; a CronJob's Job is the CronJob's.
        if (label == "replicaset" && name.LastIndexOf('-') is > 0 and var dash && IsReplicaSetHash(name[(dash + 1)..]))
        {
            return name[..dash];
        }
        if (label == "job_name" && name.LastIndexOf('-') is > 0 and var stamp && name[(stamp + 1)..].All(char.IsAsciiDigit))
        {
            return name[..stamp];
        }
        return name;
    }

    private static string WorkloadKey(string? partition, string? ns, string name) => $"{partition}|{ns}|{name}";

    private static string? First(IReadOnlyDictionary<string, string> labels, string[] names)
    {
        foreach (var name in names)
        {
            if (NonEmpty(labels.GetValueOrDefault(name)) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
