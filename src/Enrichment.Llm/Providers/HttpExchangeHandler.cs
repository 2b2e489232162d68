namespace Enrichment.Llm.Providers;

/// <summary>
/// Records each provider answer's status and <c>Retry-After</c> into <see cref="HttpExchange.Current"/>.
/// Logs nothing: request headers carry the key.
/// </summary>
internal sealed class HttpExchangeHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = HttpExchange.Current;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            exchange?.TransportFailed = true;
            throw;
        }
        if (exchange is not null)
        {
            exchange.StatusCode = response.StatusCode;
            exchange.RetryAfter = RetryAfterOf(response);
        }
        return response;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        // OpenAI also sends retry-after-ms; the finer one wins when present.
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }
            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }
}
