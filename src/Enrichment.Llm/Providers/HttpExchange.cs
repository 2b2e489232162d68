using System.Net;

namespace Enrichment.Llm.Providers;

/// <summary>
/// What the provider's HTTP answer was for one attempt, whatever SDK made the call. The SDKs wrap
/// failures in exception types of their own (whose messages may quote the provider's error body, and
/// a 401 body can quote part of the key); this record lets the classifier decide on the status code and
/// <c>Retry-After</c> alone and never needs to show an SDK's message.
/// </summary>
internal sealed class HttpExchange
{
    private static readonly AsyncLocal<HttpExchange?> CurrentExchange = new();

    /// <summary>The attempt in progress on this async flow; set by the classifier, filled by <see cref="HttpExchangeHandler"/>.</summary>
    public static HttpExchange? Current
    {
        get => CurrentExchange.Value;
        set => CurrentExchange.Value = value;
    }

    public HttpStatusCode? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The request never got an HTTP answer (connection refused, reset, DNS).</summary>
    public bool TransportFailed { get; set; }
}
