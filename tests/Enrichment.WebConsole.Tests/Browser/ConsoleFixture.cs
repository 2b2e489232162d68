using Enrichment.IntegrationTests.Infrastructure;
using Enrichment.WebConsole.Tests.Infrastructure;

namespace Enrichment.WebConsole.Tests.Browser;

/// <summary>One browser and one real host per test class: starting either costs seconds, a page costs milliseconds.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public Chromium Chromium { get; } = new();

    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Chromium.InitializeAsync(), StartHostAsync());
    }

    private async Task StartHostAsync() => Host = await ConsoleHost.StartEmbeddedAsync();

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
