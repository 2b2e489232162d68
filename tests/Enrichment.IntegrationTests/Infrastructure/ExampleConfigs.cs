namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// The files under <c>examples/</c>, copied next to the tests at build time: the tests run the very
/// configurations users copy, with only the gateway's address swapped in.
/// </summary>
public static class ExampleConfigs
{
    /// <summary>The address the examples use for the gateway.</summary>
    public const string GatewayPlaceholder = "enrichment-gateway:8080";

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", relativePath));

    /// <summary>The example with the gateway placeholder replaced; fails when the example no longer contains it.</summary>
    public static string WithGateway(string relativePath, Uri gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var text = Read(relativePath);
        if (!text.Contains(GatewayPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"examples/{relativePath} no longer mentions {GatewayPlaceholder}; update the test with it.");
        }
        return text.Replace(GatewayPlaceholder, gateway.Authority, StringComparison.Ordinal);
    }
}
