using System.Text.Json;
using Enrichment.Contracts;
using Enrichment.Core.Alertmanager;
using Enrichment.Gateway;
using Enrichment.IntegrationTests.Gateway.Differential;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Enrichment.IntegrationTests.Gateway;

/// <summary>
/// The guard against "2xx, then the worker cannot read it": every alert the gateway accepts from the
/// generated corpus (the differential test's, a few hundred payloads of every shape) goes through
/// MassTransit's own message serializer, as the bus sends it, and must come back equal, labels and
/// annotations case-sensitive; the same for the enriched event the worker hands to the notifiers. The
/// structural half is <see cref="LabelMapJsonConverter"/> on the label maps: a property's converter wins over
/// every converter in the serializer's options, so no option can fold case or rename a label.
/// </summary>
public class BusRoundTripTests
{
    private static readonly PayloadLimits Limits = new GatewayOptions().Limits();

    private static IEnumerable<AlertData[]> AcceptedBatches()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var payload in DifferentialCorpus.Generate("roundtrip", seed: 20261125, now))
        {
            var parsed = AlertmanagerPayloadParser.ParsePostableAlerts(payload.Body, Limits, now);
            if (parsed.Alerts.Count > 0)
            {
                yield return [.. parsed.Alerts];
            }
        }
        // The webhook route's shape too, with its kept zero endsAt and given fingerprints.
        var webhook = AlertmanagerPayloadParser.ParseWebhook("""
            {"alerts":[{"status":"resolved","labels":{"env":"a","Env":"b","ENV":"c"},"annotations":{"s":"x","S":"y"},
              "startsAt":"2026-11-25T08:00:00.123456789+02:00","endsAt":"0001-01-01T00:00:00Z","fingerprint":"f00"}]}
            """u8, Limits, now);
        yield return [.. webhook.Alerts];
    }

    [Fact]
    public void Every_accepted_alert_of_the_corpus_reads_back_equal_through_MassTransits_serializer()
    {
        var batches = AcceptedBatches().ToList();
        var alerts = batches.Sum(b => b.Length);
        Assert.True(alerts > 300, $"the corpus gave only {alerts} accepted alerts");
        Assert.Contains(batches.SelectMany(b => b), a => a.Labels.ContainsKey("env") && a.Labels.ContainsKey("Env"));

        foreach (var batch in batches)
        {
            var message = new AlertsReceived { Alerts = batch, ReceivedAt = DateTimeOffset.UtcNow, Route = "api_v2" };
            var back = RoundTrip(message);
            Assert.Equal(batch.Length, back.Alerts.Count);
            for (var i = 0; i < batch.Length; i++)
            {
                AssertSame(batch[i], back.Alerts[i]);
                var enriched = RoundTrip(new AlertEnriched { Alert = batch[i], Mode = "transparent", ReceivedAt = message.ReceivedAt, EnrichedAt = DateTimeOffset.UtcNow });
                AssertSame(batch[i], enriched.Alert);
            }
        }
    }

    [Fact]
    public void Label_maps_stay_case_sensitive_whatever_the_serializer_options_say()
    {
        var alert = new AlertData
        {
            Fingerprint = "f", Status = "firing",
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["env"] = "prod", ["Env"] = "staging", ["ENV_Name"] = "x" },
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = "a", ["Summary"] = "b" },
        };
        // Hostile options: MassTransit's own, plus a dictionary key policy and case-insensitive names.
        var hostile = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options)
        {
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
        };

        var json = JsonSerializer.Serialize(alert, hostile);
        var back = JsonSerializer.Deserialize<AlertData>(json, hostile)!;

        Assert.Contains("\"ENV_Name\"", json, StringComparison.Ordinal);
        AssertSame(alert, back);
    }

    private static T RoundTrip<T>(T message)
        where T : class
    {
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var body = serializer.GetMessageBody(new MessageSendContext<T>(message, CancellationToken.None));
        var context = serializer.Deserialize(body, EmptyHeaders.Instance, null);
        Assert.True(context.TryGetMessage<T>(out var back), $"MassTransit could not read back its own {typeof(T).Name}: {body.GetString()}");
        return back!;
    }

    private static void AssertSame(AlertData sent, AlertData received)
    {
        Assert.Equal(sent.Fingerprint, received.Fingerprint);
        Assert.Equal(sent.Status, received.Status);
        AssertSameMap(sent.Labels, received.Labels);
        AssertSameMap(sent.Annotations, received.Annotations);
        Assert.Equal(sent.StartsAt, received.StartsAt);
        Assert.Equal(sent.StartsAt?.Offset, received.StartsAt?.Offset);
        Assert.Equal(sent.EndsAt, received.EndsAt);
        Assert.Equal(sent.GeneratorUrl, received.GeneratorUrl);
    }

    private static void AssertSameMap(IReadOnlyDictionary<string, string> sent, IReadOnlyDictionary<string, string> received)
    {
        Assert.Equal(sent.OrderBy(p => p.Key, StringComparer.Ordinal), received.OrderBy(p => p.Key, StringComparer.Ordinal));
        // Case-sensitive after the trip: no name answers for another spelling of itself.
        foreach (var name in sent.Keys.Where(n => !sent.ContainsKey(n.ToUpperInvariant())))
        {
            Assert.False(received.ContainsKey(name.ToUpperInvariant()), $"label map folds case: {name}");
        }
    }
}
