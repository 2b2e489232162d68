using System.Net;

namespace Enrichment.Llm.Resilience;

/// <summary>
/// One failed attempt, described by status code only. The SDK's exception is deliberately not kept as
/// the inner exception: its message may quote the provider's error body, and a logged exception is
/// logged with its inner ones.
/// </summary>
public sealed class LlmCallException(LlmFailureKind kind, HttpStatusCode? statusCode, TimeSpan? retryAfter, string? sdkExceptionType)
    : Exception(Describe(kind, statusCode, sdkExceptionType))
{
    public LlmFailureKind Kind { get; } = kind;

    public HttpStatusCode? StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRetryable => Kind is LlmFailureKind.ServerError or LlmFailureKind.RateLimited or LlmFailureKind.Unreachable or LlmFailureKind.Timeout;

    public bool CountsAgainstCircuit => Kind is not (LlmFailureKind.BadRequest or LlmFailureKind.MalformedResponse or LlmFailureKind.Other);

    private static string Describe(LlmFailureKind kind, HttpStatusCode? statusCode, string? sdkExceptionType) =>
        $"model call failed: {kind}" + (statusCode is { } status ? $" (HTTP {(int)status})" : "") + (sdkExceptionType is null ? "" : $" [{sdkExceptionType}]");
}
