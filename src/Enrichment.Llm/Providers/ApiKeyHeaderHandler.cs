namespace Enrichment.Llm.Providers;

/// <summary>
/// Puts the key in the header a server expects when the SDK would send it elsewhere or not at all:
/// <c>x-api-key</c> for Anthropic-style gateways, a bearer token for an Ollama behind an
/// authenticating proxy. Adds only what is asked; never logs.
/// </summary>
internal sealed class ApiKeyHeaderHandler(HttpMessageHandler inner, string header, string value, bool removeAuthorization) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (removeAuthorization)
        {
            request.Headers.Authorization = null;
        }
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
        return base.SendAsync(request, cancellationToken);
    }
}
