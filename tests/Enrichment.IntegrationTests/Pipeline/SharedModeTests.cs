using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrichment.IntegrationTests.Infrastructure;

namespace Enrichment.IntegrationTests.Pipeline;

/// <summary>The mode lives in Redis: a change on one process reaches every other, and outlives them.</summary>
public class SharedModeTests
{
    private const string Changed = "transparent_with_recommendations";

    [Fact]
    public async Task A_mode_set_on_one_host_reaches_another_and_survives_a_restart()
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

        using var put = await httpA.PutAsync("/api/v1/enrichment/mode", new StringContent($$"""{"mode":"{{Changed}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Only Redis connects a and b: without it b would answer "default" until the deadline.
        var seen = await WaitForModeAsync(httpB, Changed);
        Assert.Equal("redis", seen.GetProperty("source").GetString());

        // A process started after the change (a restart, a new replica) reads it before anything else.
        await using var c = new EmbeddedFactory(settings);
        using var httpC = c.CreateClient();
        Assert.Equal("redis", (await WaitForModeAsync(httpC, Changed)).GetProperty("source").GetString());
    }

    /// <summary>Polls the mode route until it shows <paramref name="mode"/>; the last answer when the deadline passes.</summary>
    private static async Task<JsonElement> WaitForModeAsync(HttpClient http, string mode)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement seen;
        do
        {
            seen = await http.GetFromJsonAsync<JsonElement>("/api/v1/enrichment/mode");
            if (seen.GetProperty("mode").GetString() == mode)
            {
                return seen;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the mode never became {mode}; last seen {seen}");
        return seen;
    }
}
