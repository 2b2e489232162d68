using System.Net;
using Enrichment.Llm.Providers;
using Polly.Timeout;

namespace Enrichment.Llm.Resilience;

/// <summary>Turns whatever an SDK threw into an <see cref="LlmCallException"/>, using the recorded HTTP exchange.</summary>
internal static class LlmFailureTranslator
{
    public static LlmCallException Translate(Exception exception, HttpExchange exchange)
    {
        if (exception is LlmCallException known)
        {
            return known;
        }
        var sdkType = exception.GetType().Name;
        if (exception is TimeoutRejectedException)
        {
            return new LlmCallException(LlmFailureKind.Timeout, null, null, null);
        }
        if (exchange.StatusCode is { } status)
        {
            var code = (int)status;
            var kind = code switch
            {
                429 => LlmFailureKind.RateLimited,
                401 or 403 => LlmFailureKind.Unauthorized,
                408 or >= 500 => LlmFailureKind.ServerError,
                >= 400 => LlmFailureKind.BadRequest,
                >= 200 and < 300 => LlmFailureKind.MalformedResponse,
                _ => LlmFailureKind.Other,
            };
            return new LlmCallException(kind, status, exchange.RetryAfter, sdkType);
        }
        if (exchange.TransportFailed || HasInner<HttpRequestException>(exception) || HasInner<System.Net.Sockets.SocketException>(exception))
        {
            return new LlmCallException(LlmFailureKind.Unreachable, null, null, sdkType);
        }
        if (HasInner<TimeoutException>(exception) || HasInner<TaskCanceledException>(exception))
        {
            // An SDK's or HttpClient's own timer fired before ours.
            return new LlmCallException(LlmFailureKind.Timeout, null, null, sdkType);
        }
        return new LlmCallException(LlmFailureKind.Other, (HttpStatusCode?)null, null, sdkType);
    }

    private static bool HasInner<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T)
            {
                return true;
            }
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(HasInner<T>))
            {
                return true;
            }
        }
        return false;
    }
}
