namespace Enrichment.Core.Rules;

/// <summary>
/// The roles words play beyond their categories (see <see cref="CategoryVocabulary"/>): the tool that measures
/// an alert as opposed to its subject, the metric-name prefixes that name an exporter, the nouns that say what
/// an alert is about on any platform, and acronyms that are English words too.
/// </summary>
internal static class VocabularyRoles
{
    /// <summary>
    /// term:category:weight — the evidence of a collector's name where it is the tool that measured the alert (the
    /// <c>job</c>, another label, an instance named in the summary): what it measures. In the alert name and the
    /// metric names the same word is the subject: the collector itself, observability.
    /// </summary>
    public const string MeasuredBy = """
        kubestatemetrics:orchestration:2.5 ksm:orchestration:2 nodeexporter:infrastructure:1.5 windowsexporter:infrastructure:1.5
        blackboxexporter:network:3 cadvisor:infrastructure:2 x509certificateexporter:security:2.5 smartctlexporter:storage:2.5
        """;

    /// <summary>
    /// term:category:weight — the first word of a metric name where it means something else than in prose: the
    /// exporter or library that exposes the metric (<c>node_</c>: node-exporter, a host; <c>http_</c>: a service's own
    /// instrumentation). Weight 0: known, and no evidence (<c>up</c>, <c>process_</c>: every target has them).
    /// </summary>
    public const string MetricNamespaces = """
        node:infrastructure:2.5 machine:infrastructure:2 container:infrastructure:1.5 windows:infrastructure:2.5
        http:application:2 grpc:application:1.5 go:application:1 jvm:application:3 process:application:0 up:application:0
        probe:network:2.5 scheduler:orchestration:2.5 workqueue:orchestration:2 aggregator:orchestration:2 rest:orchestration:0
        storage:storage:2 push:observability:2 reloader:observability:2.5
        """;

    /// <summary>
    /// Metric-name prefixes of the platforms things run on (node-exporter, cAdvisor, the kubelet, kube-state-metrics):
    /// a disk or volume such a metric measures is the alert's subject (<c>kubelet_volume_stats_available_bytes</c>),
    /// while a product's own (<c>etcd_disk_wal_fsync_duration_seconds</c>) stays that product's.
    /// </summary>
    public static readonly string[] PlatformMetricPrefixes = ["node_", "machine_", "container_", "windows_", "kube", "kubelet"];

    /// <summary>Nouns that say what an alert is about, whatever product or platform the alert also names.</summary>
    public static readonly IReadOnlyDictionary<SubjectKind, string[]> Subjects = new Dictionary<SubjectKind, string[]>
    {
        [SubjectKind.Certificate] = ["cert", "certs", "certificate", "certificates", "x509", "csr", "csrs", "certificatesigningrequest", "certificatesigningrequests"],
        [SubjectKind.Access] = ["authentication", "authorization", "unauthorized", "forbidden", "credential", "credentials", "rbac", "permission", "permissions", "token", "tokens", "password", "passwords", "login", "logins"],
        [SubjectKind.Collector] = ["kubestatemetrics", "ksm", "nodeexporter", "blackboxexporter", "windowsexporter", "smartctlexporter", "x509certificateexporter", "configreloader", "prometheusoperator"],
        [SubjectKind.Storage] = ["storage", "disk", "disks", "filesystem", "filesystems", "fs", "imagefs", "volume", "volumes", "inode", "inodes", "pvc", "persistentvolume", "persistentvolumeclaim", "mountpoint", "volumesnapshot", "volumeattachment", "raid", "mdadm"],
    };

    /// <summary>Acronyms that are English words too: in prose they count only in capitals ("UPS on battery", not "sign-ups").</summary>
    public static readonly string[] UpperCaseInProse = ["ups", "ca", "san", "nas", "cd", "md", "nat", "sip", "apc", "ilo", "os", "bmc"];
}
