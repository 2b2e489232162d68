using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The host in-process (test server), configured through settings rather than environment variables;
/// <paramref name="configureServices"/> runs after the host's own registrations, e.g. to plug in a fake
/// <c>IAlertClassifier</c>.
/// </summary>
public sealed class EmbeddedFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Without this, the console notifier would be on (all roles, in-memory) and write into the test output.
        builder.UseSetting("Notifier:Console", "false");
        // Keep the test output readable; in-flight batches faulting at disposal are expected noise.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:MassTransit", "Critical");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
