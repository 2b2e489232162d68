using System.Security.Cryptography;
using System.Text;

namespace Enrichment.Llm;

/// <summary>
/// Names whose answers a cached classification is: <c>provider/model/prompt version/endpoint</c>, e.g.
/// <c>openai-compatible/llama3/p2/3f9a61c0</c>. Two OpenAI-compatible servers serving different models
/// under one name are two namespaces, and so never each other's answers.
/// </summary>
public static class LlmCacheNamespace
{
    public static string For(LlmOptions options, string promptVersion)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{options.ProviderName}/{options.EffectiveModel}/{promptVersion}/{EndpointId(options.ResolveBaseUrl())}";
    }

    /// <summary>
    /// 8 hex digits of a hash of the base URL's scheme, host, port and path (no trailing slash). A hash,
    /// not the URL: it ends up in Redis keys and logs, and a gateway URL may carry a key in its user info
    /// or query, which are left out anyway (another key for the same server gives the same answers).
    /// </summary>
    public static string EndpointId(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var canonical = baseUrl.Scheme + "://" + baseUrl.Host + ":" + baseUrl.Port + baseUrl.AbsolutePath.TrimEnd('/');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..8];
    }
}
