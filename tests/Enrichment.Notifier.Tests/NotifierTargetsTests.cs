using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Notifier.Tests;

public class NotifierTargetsTests
{
    [Fact]
    public void Workers_declare_exactly_the_queues_the_notifier_role_consumes()
    {
        var options = new NotifierOptions
        {
            Console = true,
            WebhookUrls = "http://a.example/hook, https://b.example/x?token=1",
            SlackWebhookUrl = "https://hooks.slack.com/services/T/B/secret",
            AlertmanagerUrl = "http://alertmanager:9093/",
        };
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddNotifierRole(options, consoleByDefault: false);
        using var provider = services.BuildServiceProvider();

        var consumed = provider.GetServices<INotifier>().Select(n => n.EndpointName).ToList();
        var declared = NotifierTargets.QueueNames(options, consoleByDefault: false);

        Assert.Equal(5, consumed.Count);
        Assert.Equal(consumed.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.All(declared, q => Assert.DoesNotContain("secret", q, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    public void The_console_target_follows_NOTIFIER_CONSOLE_then_the_default(bool? console, bool byDefault, bool expected)
    {
        var queues = NotifierTargets.QueueNames(new NotifierOptions { Console = console }, byDefault);

        Assert.Equal(expected, queues.Contains("enrichment-notify-console"));
    }
}
