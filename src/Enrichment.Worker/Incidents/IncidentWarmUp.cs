using System.Diagnostics;
using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Incidents;
using Enrichment.Core.Incidents.Digest;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Worker.Incidents;

/// <summary>
/// Runs the incident book's code once on a canned storm, in memory, before the worker takes alerts: correlation, the
/// claim of due updates with their digest input, the rules' digest, completion, resolution into the archive, the store's
/// encoding and the update's serialisation. The image compiles each method once, fully optimised, on
/// its first call (deploy/Dockerfile), and the first claim of updates, ten seconds into a storm, held the shared book's
/// turn for 40 ms doing so while the other workers' batches queued behind it: the worst of the latency
/// (docs/PERFORMANCE.md). Nothing is stored or published.
/// </summary>
public sealed class IncidentWarmUp(IncidentService incidents, RuleDigester digester, ILogger<IncidentWarmUp> logger) : IHostedService
{
    /// <summary>Twice: the second round finds members known, incidents open and digests made, which the first does not.</summary>
    private const int Rounds = 2;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var figures = Run(cancellationToken);
        logger.LogInformation("Incident book warmed up on a canned storm of {Alerts} alerts ({Updates} updates, {Archived} archived) in {Milliseconds} ms (nothing stored)",
            figures.Alerts, figures.Updates, figures.Archived, clock.ElapsedMilliseconds);
        return Task.CompletedTask;
    }

    /// <summary>What one warm-up went through: the alerts correlated, the updates claimed and completed, the incidents archived.</summary>
    public sealed record Figures(int Alerts, int Updates, int Archived);

    public Figures Run(CancellationToken cancellationToken)
    {
        var options = incidents.Options;
        var book = new IncidentBook();
        var now = DateTimeOffset.UtcNow;
        var storm = Storm(now);
        var updates = 0;
        for (var round = 0; round < Rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            incidents.Correlator.Apply(book, storm.Select(a => incidents.Read(a, "{}:{alertname=\"WorkerWarmUp\"}", now)).ToList(), now);
            now += options.UpdateDelay + TimeSpan.FromSeconds(1);
            foreach (var claim in incidents.Maintenance.Claim(book, now, "warm-up", IncidentUpdater.ClaimsPerRound))
            {
                var digest = claim.Digest is null ? null : digester.Digest(claim.Digest, null);
                var update = new IncidentUpdated
                {
                    Event = claim.Changes.Count > 0 ? claim.Changes[0] : IncidentEvents.Grown,
                    Changes = claim.Changes,
                    Incident = digest is null ? claim.Incident : claim.Incident with { Digest = digest },
                    Sequence = claim.Sequence,
                    UpdatedAt = now,
                };
                updates += JsonSerializer.SerializeToUtf8Bytes(update, SystemTextJsonMessageSerializer.Options).Length > 0 ? 1 : 0;
                incidents.Maintenance.Complete(book, claim, null, digest, null, now);
            }
            RoundTrip(book);
        }
        // Everything resolves, the grace passes, and the resolved incidents are announced and leave for the archive.
        incidents.Correlator.Apply(book, storm.Select(a => incidents.Read(a with { Status = AlertStatus.Resolved, EndsAt = now }, null, now)).ToList(), now);
        now += options.ResolveGrace + TimeSpan.FromSeconds(1);
        incidents.Maintenance.Sweep(book, now);
        now += options.UpdateDelay + TimeSpan.FromSeconds(1);
        foreach (var claim in incidents.Maintenance.Claim(book, now, "warm-up", IncidentUpdater.ClaimsPerRound))
        {
            incidents.Maintenance.Complete(book, claim, null, null, null, now);
        }
        RoundTrip(book);
        return new Figures(storm.Count, updates, book.ToArchive.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What the Redis store does with the incidents it writes and reads.</summary>
    private static void RoundTrip(IncidentBook book)
    {
        foreach (var incident in book.Incidents.Concat(book.ToArchive))
        {
            _ = IncidentBookCodec.DecodeIncident(IncidentBookCodec.EncodeIncident(incident));
        }
        _ = IncidentBookCodec.DecodeFields(IncidentBookCodec.EncodeFields(book));
    }

    /// <summary>A node down with its pods, and a database with the service that depends on it: links of every strength.</summary>
    private static List<AlertData> Storm(DateTimeOffset at)
    {
        var alerts = new List<AlertData>
        {
            Alert(at, "KubeNodeNotReady", ("node", "warm-up-node"), ("job", "kube-state-metrics")),
            Alert(at, "PostgresqlDown", ("namespace", "warm-up"), ("service", "postgres"), ("job", "postgres-exporter"), ("instance", "pg-0:9187")),
            Alert(at.AddSeconds(20), "HttpErrorRateHigh", ("namespace", "warm-up"), ("service", "api"), ("job", "api")),
        };
        for (var pod = 0; pod < 8; pod++)
        {
            alerts.Add(Alert(at.AddSeconds(10), "KubePodNotReady", ("namespace", "warm-up"), ("pod", $"api-7d9f8b6c4-x{pod:000}"), ("node", "warm-up-node"), ("job", "kube-state-metrics")));
        }
        return alerts;
    }

    private static AlertData Alert(DateTimeOffset startsAt, string name, params (string Name, string Value)[] labels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = name, ["severity"] = "warning", ["cluster"] = "warm-up" };
        foreach (var (label, value) in labels)
        {
            map[label] = value;
        }
        return new AlertData
        {
            Fingerprint = AlertFingerprint.Compute(map),
            Status = AlertStatus.Firing,
            Labels = map,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = $"{name} (worker warm-up)" },
            StartsAt = startsAt,
        };
    }
}
