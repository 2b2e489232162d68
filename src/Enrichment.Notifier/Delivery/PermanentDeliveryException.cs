using System.Net;

namespace Enrichment.Notifier.Delivery;

/// <summary>
/// The target refused the event for good (a 4xx other than 408/429: a bad payload, a revoked
/// webhook). Retrying cannot help, so the endpoint's retry policy ignores it and the event goes
/// straight to the target's <c>_error</c> queue, where it can be inspected and replayed.
/// </summary>
public sealed class PermanentDeliveryException(string message, HttpStatusCode status) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Throws the right exception for an unsuccessful answer: permanent for most 4xx, retryable otherwise.</summary>
    public static Exception For(string target, HttpStatusCode status, string? detail = null)
    {
        var code = (int)status;
        var message = $"{target} answered {code}" + (string.IsNullOrEmpty(detail) ? "" : $": {detail}");
        return code is >= 400 and < 500 and not 408 and not 429
            ? new PermanentDeliveryException(message, status)
            : new HttpRequestException(message, null, status);
    }
}
