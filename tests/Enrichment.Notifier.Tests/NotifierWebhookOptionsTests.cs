using Enrichment.Notifier.Incidents;
using Enrichment.Notifier.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrichment.Notifier.Tests;

public class NotifierWebhookOptionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNotifierRole();
        return builder.Build();
    }

    [Theory]
    [InlineData("0", "NOTIFIER_WEBHOOK_BATCH_SIZE")]
    [InlineData("1001", "NOTIFIER_WEBHOOK_BATCH_SIZE")]
    public void A_batch_size_out_of_range_stops_the_start_naming_the_variable(string size, string variable)
    {
        var failed = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Notifier:WebhookUrls"] = "http://a.example/hook",
            ["Notifier:WebhookBatchSize"] = size,
        }));

        Assert.Contains(variable, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_stops_the_start_naming_the_variable_and_the_choices()
    {
        var failed = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Notifier:WebhookFormat"] = "prometheus" }));

        Assert.Contains("NOTIFIER_WEBHOOK_FORMAT", failed.Message, StringComparison.Ordinal);
        Assert.Contains("'alertmanager'", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "event", typeof(WebhookNotifier))]
    [InlineData("1", "alertmanager", typeof(BatchingWebhookNotifier))]
    [InlineData("50", "event", typeof(BatchingWebhookNotifier))]
    [InlineData("50", "Alertmanager", typeof(BatchingWebhookNotifier))]
    public void Batches_or_the_alertmanager_body_make_the_webhook_a_batching_target(string size, string format, Type expected)
    {
        using var host = Build(new()
        {
            ["Notifier:WebhookUrls"] = "http://a.example/hook",
            ["Notifier:WebhookBatchSize"] = size,
            ["Notifier:WebhookFormat"] = format,
        });

        var notifier = Assert.Single(host.Services.GetServices<INotifier>());
        Assert.IsType(expected, notifier);
        Assert.Equal(WebhookNotifier.QueueNameFor(new Uri("http://a.example/hook")), notifier.EndpointName);
        if (notifier is IBatchNotifier batching)
        {
            Assert.Equal(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), batching.MaxBatchSize);
        }
    }

    [Theory]
    [InlineData("event", true)]
    [InlineData("alertmanager", false)]
    public void Alertmanager_shaped_webhooks_take_no_incident_updates_and_workers_bind_none_for_them(string format, bool takesIncidents)
    {
        var settings = new Dictionary<string, string?> { ["Notifier:WebhookUrls"] = "http://a.example/hook", ["Notifier:WebhookFormat"] = format };
        using var host = Build(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(NotifierOptions.Section);

        var consumed = host.Services.GetServices<IIncidentNotifier>().Select(n => n.EndpointName).ToList();
        var bound = IncidentNotifierTargets.QueueNames(configuration.Get<NotifierOptions>()!, configuration.Get<IncidentNotifierOptions>()!);

        Assert.Equal(takesIncidents ? 1 : 0, consumed.Count);
        Assert.Equal(consumed, bound);
    }
}
