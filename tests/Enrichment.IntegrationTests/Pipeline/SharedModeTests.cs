using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Pipeline;

/// <summary>The mode lives in Redis: a change on one process reaches every other within 2 seconds, and outlives them.</summary>
public class SharedModeTests
{
    [Fact]
    public async Task A_mode_set_on_one_host_reaches_another_within_two_seconds_and_survives_a_restart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Url"] = TestServices.RedisUrl,
            ["Redis:KeyPrefix"] = TestServices.NewRedisPrefix("mode"),
        };
        await using var a = new EmbeddedFactory(settings);
        await using var b = new EmbeddedFactory(settings);
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        Assert.Equal("default", (await httpB.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode")).GetProperty("source").GetString());

        await httpA.PutAsync("/api/v1/enrichment/mode", new StringContent("""{"mode":"transparent_with_recommendations"}""", Encoding.UTF8, "application/json"));
        var changedAt = DateTime.UtcNow;
        JsonElement seen;
        do
        {
            seen = await httpB.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode");
            await Task.Delay(50);
        }
        while (seen.GetProperty("mode").GetString() != "transparent_with_recommendations" && DateTime.UtcNow - changedAt < TimeSpan.FromSeconds(5));

        Assert.Equal("transparent_with_recommendations", seen.GetProperty("mode").GetString());
        Assert.Equal("redis", seen.GetProperty("source").GetString());
        Assert.True(DateTime.UtcNow - changedAt < TimeSpan.FromSeconds(2.5), "the change took longer than the promised 2 s (+ margin)");

        await using var c = new EmbeddedFactory(settings);
        using var httpC = c.CreateClient();
        await Task.Delay(300);
        Assert.Equal("transparent_with_recommendations", (await httpC.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode")).GetProperty("mode").GetString());
    }
}
