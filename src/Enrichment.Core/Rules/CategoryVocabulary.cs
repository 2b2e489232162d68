using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// The words the rule-based classifier knows, each with the categories it points to.
/// <para>
/// Three tiers, by how much a word says about the kind of problem: products and systems (weight
/// about 3: <c>postgresql</c>, <c>kafka</c>, <c>etcd</c>), domain nouns (about 2: <c>disk</c>,
/// <c>certificate</c>, <c>pod</c>, <c>topic</c>) and generic symptoms (1 or less: <c>latency</c>,
/// <c>errors</c>, <c>memory</c>). A product named in an alert is usually what the alert is about
/// ("GitLab database pool saturated" is a CI/CD alert), so products outweigh symptoms.
/// </para>
/// <para>
/// Compounds are looked up both split and joined (<c>My</c>+<c>SQL</c> → <c>mysql</c>,
/// <c>load balancer</c> → <c>loadbalancer</c>), and a trailing plural <c>s</c> is dropped when the
/// plural itself is unknown. Keys are lower case. The table is immutable: safe to share.
/// </para>
/// </summary>
internal static class CategoryVocabulary
{
    // term:weight, separated by whitespace. A term may appear under several categories.
    private const string Infrastructure = """
        host:1 hosts:1 server:0.5 servers:0.5 machine:1 baremetal:2.5 hardware:2 physical:1.5
        cpu:2 cpus:2 vcpu:2 core:0.3 cores:0.5 load:1 loadaverage:2 loadavg:2 steal:1.5 iowait:1 contextswitching:2
        memory:1 ram:1.5 swap:2 oom:1 oomkill:1 edac:2.5 ecc:1.5 kernel:1.5 linux:1 windows:2 os:0.5 uptime:0.5 reboot:1 rebooted:1
        vm:1.5 vms:1.5 virtualmachine:2.5 guest:1 hypervisor:2.5 vmware:3 vsphere:3 vcenter:3 esxi:3 proxmox:3 pve:3 kvm:2.5 qemu:2.5 libvirt:3 xen:2.5 hyperv:3
        openstack:3 nova:2 neutron:1.5 placement:0.5 tenant:0.3
        aws:2.5 ec2:3 gcp:2.5 gce:3 googlecloud:3 stackdriver:3 azure:2.5 digitalocean:3 droplet:3 hetzner:3 linode:3 ovh:2.5 scaleway:3 cloudwatch:2.5 lambda:1 spot:1 quota:0.3 region:0.3
        ipmi:3 bmc:2.5 idrac:3 ilo:2.5 redfish:3 sensor:1.5 sensors:1.5 temperature:1.5 overtemperature:2 hot:1 thermal:2 fan:2.5 fans:2.5 cooling:2 voltage:2.5 power:1.5 psu:2.5 powersupply:2.5 chassis:2
        ups:3 apc:2.5 battery:2.5 mains:2 motherboard:2
        ntp:2 chrony:2.5 clock:2 timesync:2
        systemd:2.5 process:0.5 processes:0.5 filedescriptor:0.8 filedescriptors:0.8 conntrack:1
        docker:2 dockerd:2.5 containerd:1.5 cadvisor:2.5 container:1 containers:1 ebpf:2 netdata:0.5 kvm:2 bond:1 nic:1.5
        """;

    private const string Orchestration = """
        kubernetes:3 kube:3 k8s:3 kubelet:3 kubectl:3 apiserver:3 kubeapi:3 kubeapiserver:3 kubeproxy:2.5
        controllermanager:3 kubescheduler:3 scheduler:0.5 openshift:3 rancher:3 k3s:3 eks:2.5 gke:2.5 aks:2.5
        pod:2.5 pods:2.5 statefulset:3 statefulsets:3 daemonset:3 daemonsets:3 deployment:1.5 deployments:1.5 replicacontroller:3
        hpa:3 horizontalpodautoscaler:3 vpa:2 cronjob:2.5 cronjobs:2.5 namespace:1 crashloop:2.5 crashlooping:2.5 crashloopbackoff:3
        oomkilled:1.5 evicted:1 eviction:1 cordon:2 cordoned:2 taint:2 schedulable:2 unschedulable:2.5 notready:1.5 cluster:0.3
        etcd:3 consul:3 nomad:3 raft:1.5 quorum:0.7 leader:0.5 zookeeper:2 karpenter:3 autoscaler:1.5 clusterautoscaler:3
        mesos:3 marathon:2.5 swarm:2.5 node:0.5 nodes:0.5 kubevirt:2 allocation:1 allocations:1 operator:0.5 crd:2 webhook:0.3
        """;

    private const string Database = """
        database:2 databases:2 db:1.5 dbs:1.5 sql:2 nosql:2.5 query:0.3 queries:0.3 slowquery:1.5 slowqueries:1.5
        postgres:3 postgresql:3 pg:2 pgbouncer:3 pgpool:3 patroni:3 timescaledb:3 citus:3 stolon:3 cloudnativepg:3 cnpg:3
        mysql:3 mysqld:3 mariadb:3 galera:3 innodb:3 percona:2.5 proxysql:3 vitess:3 tidb:3
        mssql:3 sqlserver:3 oracle:2.5 oracledb:3 tablespace:3 db2:3 sqlite:3
        mongo:3 mongodb:3 mongod:3 mongos:3 wiredtiger:3 mgob:2 couchdb:3 couchbase:3 mango:1 arangodb:3 ravendb:3 documentdb:3 cosmosdb:3 firestore:3 dynamodb:3
        redis:3 valkey:3 keydb:3 dragonfly:2 sentinel:1 memcached:3 memcache:3 hazelcast:2.5 aerospike:3 etcd:0 riak:3
        elasticsearch:3 elastic:2.5 opensearch:3 solr:3 meilisearch:3 typesense:3 sphinx:2 lucene:2
        cassandra:3 scylla:3 scylladb:3 clickhouse:3 hbase:3 cockroach:3 cockroachdb:3 yugabyte:3 neo4j:3 influxdb:2 questdb:3 druid:2.5 rds:2 aurora:2.5
        transaction:1.5 transactions:1.5 deadlock:1 deadlocks:1 rollback:1.5 rollbacks:1.5 commit:0.5 vacuum:2.5 autovacuum:3 tuple:2.5 tuples:2.5 bloat:1.5 bloated:1.5
        table:1 tables:1 index:0.7 indices:0.7 indexing:1 reindex:2 shard:1.5 shards:1.5 replica:0.8 replicas:0.8 replication:1.2 replicated:1
        slave:1.5 primary:0.5 standby:1 cursor:1.5 cursors:1.5 keyspace:2 keyspaces:2 compaction:0.3 sstable:2.5 tombstone:2 tombstones:2
        connectionpool:0.7 xid:2 wal:0.3 checkpoint:0.3 checkpoints:0.3 binlog:2.5 evictedkeys:2 keys:0.5 rejectedinserts:1 insert:1 inserts:1 documents:1 docs:0.5
        """;

    private const string Messaging = """
        kafka:3 kafkaconnect:3 redpanda:3 strimzi:3 rabbitmq:3 rabbit:2.5 amqp:3 mqtt:3 emqx:3 mosquitto:3 nats:3 gnatsd:3 jetstream:3
        pulsar:3 bookie:2.5 bookies:2.5 bookkeeper:3 sqs:3 sns:2 activemq:3 artemis:2.5 zeromq:3 nsq:3 kinesis:3 eventhub:3 eventhubs:3 servicebus:3 pubsub:3
        broker:2 brokers:2 topic:2 topics:2 consumer:1.5 consumers:1.5 producer:1.5 producers:1.5 consumergroup:3 consumergroups:3
        queue:0.7 queues:0.7 message:1 messages:1 partition:0.7 partitions:0.7 offset:1 offsets:1 subscription:1 subscriptions:1 backlog:0.5
        deadletter:2 exchange:0.7 unacked:2.5 unacknowledged:2 publish:1 publisher:1.5 isr:2 insync:1 lag:0.5 zookeeper:1
        """;

    private const string Network = """
        network:2 networking:2 connectivity:2 internet:2 bandwidth:2 throughput:0.7 packet:2 packets:2 interface:1.5 interfaces:1.5
        http:0.5 https:1 4xx:0.5 5xx:0.5 statuscode:0.6 dns:2.5 coredns:3 kubedns:3 unbound:3 dnsmasq:3 bind9:3 resolver:2 nxdomain:3
        haproxy:3 nginx:3 apache:2 httpd:3 caddy:3 traefik:3 envoy:3 istio:3 linkerd:3 kong:3 varnish:3 squid:3 ingress:2.5 egress:2 gateway:1
        proxy:2 reverseproxy:2.5 loadbalancer:2 lb:1.5 alb:1.5 elb:1.5 nlb:1.5 upstream:1.5 upstreams:1.5 downstream:1.5 backend:0.7 backends:0.7 frontend:0.5 vhost:1.5
        servicemesh:3 mesh:2 cloudflare:3 cdn:2.5 akamai:3 fastly:3 blackbox:3 probe:2.5 probes:2.5 ping:2 icmp:2.5 uptimerobot:3
        tcp:1.5 udp:1.5 socket:0.5 sockets:0.5 connection:0.3 connections:0.3 unreachable:1 timeout:0.3 timeouts:0.3
        router:2 routers:2 routing:1.5 switch:1.5 bgp:3 ospf:3 vlan:2.5 subnet:2 ip:1 ipv4:1.5 ipv6:1.5 mtu:2 dhcp:2.5 arp:2 nat:1.5 firewall:1 iptables:1.5 nftables:1.5
        wireguard:3 vpn:2.5 openvpn:3 ipsec:3 tunnel:1.5 cilium:3 calico:3 flannel:3 weave:2 cni:2.5 hubble:2.5
        juniper:3 junos:3 cisco:3 mikrotik:3 unifi:3 arista:3 snmp:2.5 speedtest:3 latency:0.3 jitter:2 packetloss:3
        freeswitch:3 asterisk:3 sip:2.5 voip:3 websocket:1.5 grpc:0.3 felix:3 circuitbreaker:0.5 healthcheck:0.3 keepalived:3 vrrp:3 netflow:2.5
        """;

    private const string Security = """
        security:2 cert:2 certs:2 certificate:2.5 certificates:2.5 certmanager:3 ssl:2 tls:2 x509:3 acme:2.5 letsencrypt:3 ca:1 expiry:1 expire:0.7 expires:0.7 expiring:0.8 expired:0.8
        vault:3 secret:2 secrets:2 sealed:2 unseal:2.5 unsealed:2.5 kms:1.5 hsm:2.5 keycloak:3 oauth:3 oauth2:3 oidc:3 saml:3 ldap:2.5 kerberos:3 sso:2.5 dex:2 authelia:3 authentik:3 okta:3 teleport:3
        auth:1.5 authentication:2 authorization:2 authn:2 authz:2 login:2 logins:2 password:2 passwords:2 token:1.2 tokens:1.2 credential:2 credentials:2 iam:2 rbac:1.5 permission:1.5 permissions:1.5
        unauthorized:2 forbidden:1.5 denied:1.2 accessdenied:2 bruteforce:3 intrusion:3 audit:2 auditd:3 falco:3 crowdsec:3 fail2ban:3 wazuh:3 ossec:3 suricata:3 snort:3
        threat:1.5 threats:1.5 waf:2 ddos:2 malware:3 vulnerability:3 vulnerabilities:3 cve:3 trivy:3 kyverno:2.5 gatekeeper:2 opa:2 apparmor:2.5 selinux:2.5 spiffe:2.5 spire:2 registration:0.5
        csr:2.5 csrs:2.5 certificatesigningrequest:3 certificatesigningrequests:3 citadel:2.5
        """;

    private const string Storage = """
        storage:2.5 disk:2.5 disks:2.5 drive:2 drives:2 filesystem:2.5 filesystems:2.5 fs:1 inode:3 inodes:3 mount:2 mountpoint:2.5 volume:2.5 volumes:2.5
        space:1 full:0.3 readonly:0.5 iops:2 io:0.7 diskio:2.5 raid:2.5 mdadm:3 md:1 lvm:2.5 thinpool:2.5 nvme:2.5 ssd:2.5 hdd:2.5 sector:2.5 sectors:2.5 smart:2 smartctl:3 wearout:2.5 media:0.5
        ceph:3 cephfs:3 osd:2.5 osds:2.5 rbd:3 rgw:3 mds:1.5 placementgroup:2.5 zfs:3 zpool:3 btrfs:3 xfs:2 ext4:2
        minio:3 s3:1.5 erasure:2 glusterfs:3 gluster:3 longhorn:3 openebs:3 rook:3 portworx:3 nfs:2.5 iscsi:3 san:1 nas:1.5 netapp:3 hdfs:2.5 seaweedfs:3 juicefs:3 cinder:1
        pvc:2 persistentvolume:2 persistentvolumeclaim:2 volumesnapshot:2.5 volumeattachment:2.5 imagefs:2.5 csi:2.5 backup:0.8 backups:0.8 snapshot:0.7 snapshots:0.7
        """;

    private const string Application = """
        application:1.5 app:1 apps:1 service:0.2 api:0.5 http:0.6 4xx:0.6 5xx:0.6 statuscode:0.6 grpc:0.6 endpoint:0.3 request:0.3 requests:0.3 response:0.3 errors:0.5 error:0.3 errorrate:1 exception:1.5 exceptions:1.5 panic:1.5
        latency:0.8 slow:0.3 slo:3 sli:2.5 errorbudget:3 burnrate:3 apdex:3 availability:0.5
        jvm:3 java:2.5 heap:1.5 gc:2 garbagecollection:2.5 metaspace:2.5 classloader:2.5 classloading:2.5 jit:2.5 finalization:2 deadlocked:1 thread:0.8 threads:0.8 leak:1.5
        go:1.5 golang:3 goroutine:3 goroutines:3 python:3 ruby:3 php:3 fpm:3 phpfpm:3 dotnet:3 clr:3 aspnet:3 nodejs:3 erlang:2.5 elixir:2.5 beam:1 rust:1
        rails:2.5 django:2.5 flask:2 fastapi:2.5 spring:2 springboot:3 tomcat:2.5 jetty:2.5 wildfly:3 jboss:3 gunicorn:3 uwsgi:3 unicorn:2 puma:2 sidekiq:2.5 celery:2.5 resque:2.5
        flink:3 spark:3 hadoop:3 yarn:2.5 mapreduce:3 hive:2 presto:2.5 trino:3 airflow:3 dask:3 beam:1 storm:1 taskmanager:2.5 jobmanager:2.5 executor:1.5 executors:1.5 backpressure:1.5
        litellm:3 llm:2 openai:2 worker:0.5 workers:0.5 task:0.3 tasks:0.3 checkpointing:1
        """;

    private const string Observability = """
        monitoring:1.5 observability:3 prometheus:3 alertmanager:3 promql:3 thanos:3 cortex:3 mimir:3 loki:3 promtail:3 tempo:3 jaeger:3 zipkin:3 grafana:2.5 alloy:2.5
        opentelemetry:3 otel:3 otlp:3 collector:1.5 collectors:1.5 exporter:0.3 exporters:0.3 scrape:2 scrapes:2 scraping:2 target:0.8 targets:0.8 targetdown:3 tsdb:2 victoriametrics:3 vmagent:3 vmalert:3
        telegraf:3 influx:1 fluentd:3 fluentbit:3 fluent:2 logstash:3 kibana:2.5 filebeat:3 metricbeat:3 beats:1 vector:1 datadog:3 newrelic:3 dynatrace:3 pushgateway:3 statsd:3 graphite:3
        nagios:3 zabbix:3 icinga:3 sensu:3 pyroscope:3 parca:3 span:2 spans:2 trace:1.5 traces:1.5 tracing:2 metric:1 metrics:1 log:0.5 logs:0.7 logging:1
        ingester:3 ingesters:3 distributor:2 querier:3 queryfrontend:3 storegateway:3 ruler:2 compactor:1.5 hashring:3 alert:0.5 alerts:0.7 alerting:1.5 notification:1 notifications:1
        ruleevaluation:2.5 rule:0.8 rules:0.8 cardinality:2 series:1.5 timeseries:2 samples:1.5 sample:1 servicediscovery:1.5 exemplar:2 receiver:0.7 blocklist:1 watchdog:3 deadmanswitch:3 heartbeat:1.5
        kubestatemetrics:3 ksm:2 nodeexporter:2.5 blackboxexporter:2.5 windowsexporter:2.5 smartctlexporter:2 x509certificateexporter:2
        configreloader:3 reloader:2.5 prometheusoperator:3 otelcol:3 tempodb:3
        """;

    private const string Cicd = """
        cicd:3 ci:2.5 cd:1 argo:2.5 argocd:3 argoworkflows:3 argorollouts:3 jenkins:3 gitlab:3 github:3 gitea:3 forgejo:3 bitbucket:3 teamcity:3 bamboo:3 circleci:3 travis:3 drone:2
        tekton:3 spinnaker:3 flux:2.5 fluxcd:3 gitops:3 gotk:3 helm:1.5 harbor:2.5 nexus:2 artifactory:3 sonarqube:3 buildkite:3 concourse:3 woodpecker:3 gitaly:3 workhorse:2 kaniko:3 buildkit:3
        runner:2 runners:2 pipeline:2 pipelines:2 build:2 builds:2 deploy:1.5 deploys:1.5 release:1 releases:1 rollout:1 rollouts:1 sync:0.5 synced:0.5 outofsync:1
        git:2 repo:1.5 repos:1.5 repository:1.5 repositories:1.5 artifact:1.5 artifacts:1.5 registry:1 plugin:0.5 plugins:0.5 reconciliation:0.5 manifest:1
        """;

    private static readonly FrozenDictionary<string, VocabularyTerm> Terms = Build();

    /// <summary>Span lookup over the lower-case terms, so tokens are looked up without allocating.</summary>
    private static readonly FrozenDictionary<string, VocabularyTerm>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Terms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>First words of metric names that mean something else there (<see cref="VocabularyRoles.MetricNamespaces"/>); ids follow the terms'.</summary>
    private static readonly FrozenDictionary<string, VocabularyTerm> Namespaces = BuildNamespaces(Terms.Count);

    private static readonly FrozenDictionary<string, VocabularyTerm>.AlternateLookup<ReadOnlySpan<char>> NamespaceLookup =
        Namespaces.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] TermsById = [.. Terms.Values.Concat(Namespaces.Values).OrderBy(t => t.Id).Select(t => t.Term)];

    /// <summary>Number of distinct terms and metric namespaces; ids run from 0 to <c>Count - 1</c>.</summary>
    public static int Count => Terms.Count + Namespaces.Count;

    /// <summary>The meaning of a metric name's first word where it differs from the word's (<c>node</c> in <c>node_load1</c>).</summary>
    public static bool TryGetMetricNamespace(ReadOnlySpan<char> lowerWord, [NotNullWhen(true)] out VocabularyTerm? term) =>
        NamespaceLookup.TryGetValue(lowerWord, out term);

    public static string TermText(int id) => TermsById[id];

    public static bool TryGet(ReadOnlySpan<char> lowerTerm, [NotNullWhen(true)] out VocabularyTerm? term) =>
        SpanLookup.TryGetValue(lowerTerm, out term);

    /// <summary>Looks a word up as is, then without a plural <c>s</c>.</summary>
    public static bool TryGetWord(ReadOnlySpan<char> lowerWord, [NotNullWhen(true)] out VocabularyTerm? term)
    {
        if (TryGet(lowerWord, out term))
        {
            return true;
        }
        if (lowerWord.Length > 3 && lowerWord[^1] == 's' && lowerWord[^2] != 's')
        {
            return TryGet(lowerWord[..^1], out term);
        }
        return false;
    }

    private static FrozenDictionary<string, VocabularyTerm> Build()
    {
        var table = new Dictionary<string, List<CategoryWeight>>(StringComparer.Ordinal);
        Add(table, AlertCategory.Infrastructure, Infrastructure);
        Add(table, AlertCategory.Orchestration, Orchestration);
        Add(table, AlertCategory.Database, Database);
        Add(table, AlertCategory.Messaging, Messaging);
        Add(table, AlertCategory.Network, Network);
        Add(table, AlertCategory.Security, Security);
        Add(table, AlertCategory.Storage, Storage);
        Add(table, AlertCategory.Application, Application);
        Add(table, AlertCategory.Observability, Observability);
        Add(table, AlertCategory.Cicd, Cicd);
        var measured = Parse(VocabularyRoles.MeasuredBy).ToLookup(e => e.Term);
        var subjects = VocabularyRoles.Subjects.SelectMany(s => s.Value.Select(term => (term, s.Key))).ToDictionary(p => p.term, p => p.Key, StringComparer.Ordinal);
        var upperCase = VocabularyRoles.UpperCaseInProse.ToHashSet(StringComparer.Ordinal);
        var id = 0;
        var terms = new Dictionary<string, VocabularyTerm>(StringComparer.Ordinal);
        foreach (var (term, weights) in table.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            CategoryWeight[] subject = [.. weights];
            terms[term] = new VocabularyTerm(term, id++, subject)
            {
                MeasuredWeights = measured.Contains(term) ? [.. measured[term].Select(e => e.Weight)] : subject,
                Subject = subjects.GetValueOrDefault(term),
                UpperCaseInProse = upperCase.Contains(term),
            };
        }
        return terms.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, VocabularyTerm> BuildNamespaces(int firstId)
    {
        var id = firstId;
        return Parse(VocabularyRoles.MetricNamespaces)
            .GroupBy(e => e.Term, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => new VocabularyTerm(g.Key + "_", id++, [.. g.Select(e => e.Weight).Where(w => w.Weight > 0)]),
                StringComparer.Ordinal);
    }

    /// <summary>term:category:weight entries.</summary>
    private static IEnumerable<(string Term, CategoryWeight Weight)> Parse(string spec)
    {
        foreach (var entry in spec.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 3 || !Taxonomy.TryParseCategory(parts[1], out var category))
            {
                throw new FormatException($"vocabulary entry '{entry}' is not term:category:weight");
            }
            yield return (parts[0], new CategoryWeight(category.Value, double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static void Add(Dictionary<string, List<CategoryWeight>> table, AlertCategory category, string spec)
    {
        foreach (var entry in spec.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            var term = entry[..colon];
            var weight = double.Parse(entry.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
            if (weight <= 0)
            {
                continue;
            }
            if (!table.TryGetValue(term, out var weights))
            {
                table[term] = weights = [];
            }
            // A duplicate within one category keeps the larger weight.
            var existing = weights.FindIndex(w => w.Category == category);
            if (existing >= 0)
            {
                weights[existing] = weights[existing] with { Weight = Math.Max(weights[existing].Weight, weight) };
            }
            else
            {
                weights.Add(new CategoryWeight(category, weight));
            }
        }
    }
}
