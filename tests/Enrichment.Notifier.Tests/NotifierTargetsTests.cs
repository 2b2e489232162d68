using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Notifier.Tests;

public class NotifierTargetsTests
{
    [Fact]
    public void Workers_declare_exactly_the_queues_the_notifier_role_consumes()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifier:Console"] = "true",
            ["Notifier:WebhookUrls"] = "http://a.example/hook, https://b.example/x?token=1",
            ["Notifier:SlackWebhookUrl"] = "https://hooks.slack.com/services/T/B/secret",
            ["Notifier:AlertmanagerUrl"] = "http://alertmanager:9093/",
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNotifierRole();
        using var host = builder.Build();

        var consumed = host.Services.GetServices<INotifier>().Select(n => n.EndpointName).ToList();
        var declared = NotifierTargets.QueueNames(builder.Configuration.GetSection(NotifierOptions.Section).Get<NotifierOptions>()!);

        Assert.Equal(5, consumed.Count);
        Assert.Equal(consumed.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.All(declared, q => Assert.DoesNotContain("secret", q, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_console_target_follows_NOTIFIER_CONSOLE(bool console)
    {
        var queues = NotifierTargets.QueueNames(new NotifierOptions { Console = console });

        Assert.Equal(console, queues.Contains("enrichment-notify-console"));
    }
}
