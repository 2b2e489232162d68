using Enrichment.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Enrichment.Llm.Resilience;

/// <summary>
/// The one pipeline around every model call, outermost first: a concurrency limit, retries
/// (exponential backoff with jitter, honouring <c>Retry-After</c>, never on 400/401/403), a circuit
/// breaker sized for LLM call rates, and the per-attempt <c>LLM_TIMEOUT</c>. The SDKs' own retries
/// are off, so this is the only place a call is repeated.
/// </summary>
public static class LlmResiliencePipeline
{
    /// <summary>Share of failed attempts in the sampling window that opens the circuit.</summary>
    private const double FailureRatio = 0.5;

    /// <summary>Long enough to see a handful of attempts at LLM call rates.</summary>
    private static readonly TimeSpan SamplingDuration = TimeSpan.FromMinutes(1);

    /// <summary>Calls queued behind the concurrency limit before new ones are refused (<c>rate_limited</c>).</summary>
    private const int QueueLimit = 10_000;

    public static ResiliencePipeline Build(LlmOptions options, IEnrichmentMetrics metrics, CircuitBreakerStateProvider stateProvider, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var provider = options.ProviderName;
        metrics.CircuitBreakerState(provider, 0);
        var builder = new ResiliencePipelineBuilder();
        if (time is not null)
        {
            builder.TimeProvider = time;
        }
        builder.AddConcurrencyLimiter(options.MaxConcurrency, QueueLimit);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, options.MaxRetryDelay)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is LlmCallException { RetryAfter: { } retryAfter } ? (TimeSpan?)retryAfter : null),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = FailureRatio,
            MinimumThroughput = options.CircuitFailureThreshold,
            SamplingDuration = SamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            StateProvider = stateProvider,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is TimeoutRejectedException or LlmCallException { CountsAgainstCircuit: true }),
            OnOpened = _ => { metrics.CircuitBreakerState(provider, 2); return ValueTask.CompletedTask; },
            OnHalfOpened = _ => { metrics.CircuitBreakerState(provider, 1); return ValueTask.CompletedTask; },
            OnClosed = _ => { metrics.CircuitBreakerState(provider, 0); return ValueTask.CompletedTask; },
        });
        builder.AddTimeout(options.Timeout);
        return builder.Build();
    }

    private static bool ShouldRetry(Exception? exception, TimeSpan maxRetryDelay) => exception switch
    {
        TimeoutRejectedException => true,
        // A Retry-After longer than we are willing to wait: retrying sooner only earns another 429.
        LlmCallException { RetryAfter: { } retryAfter } when retryAfter > maxRetryDelay => false,
        LlmCallException failure => failure.IsRetryable,
        _ => false,
    };
}
