using System.Net.Http.Headers;
using System.Text.Json;

namespace Enrichment.Notifier.Delivery;

/// <summary>
/// A JSON request body serialized up front, so that it goes out with a <c>Content-Length</c>.
/// <c>JsonContent</c> (and <c>PostAsJsonAsync</c>) stream the body chunked, without a length; simple
/// receivers — Python's <c>http.server</c>, some proxies and serverless runtimes — then read an empty
/// body. Alertmanager itself sends a length, so every receiver built for it expects one.
/// </summary>
public static class JsonBody
{
    public static ByteArrayContent Create<T>(T value, JsonSerializerOptions? options = null)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
