namespace Enrichment.Llm.Resilience;

/// <summary>Why one attempt at the model failed, as far as retries and the circuit are concerned.</summary>
public enum LlmFailureKind
{
    /// <summary>5xx or 408: worth a retry, counts against the circuit.</summary>
    ServerError,

    /// <summary>429: retried after <c>Retry-After</c>, counts against the circuit.</summary>
    RateLimited,

    /// <summary>No HTTP answer at all (connection refused or reset): retried, counts against the circuit.</summary>
    Unreachable,

    /// <summary>The attempt ran past <c>LLM_TIMEOUT</c>: retried, counts against the circuit.</summary>
    Timeout,

    /// <summary>401/403: the key or its permissions; never retried, counts against the circuit (every call would fail).</summary>
    Unauthorized,

    /// <summary>400 and other 4xx: this request is wrong; never retried, does not open the circuit.</summary>
    BadRequest,

    /// <summary>A 2xx whose body the SDK could not read: the model's (or server's) output is broken; not retried.</summary>
    MalformedResponse,

    /// <summary>Anything else the SDK threw (e.g. an unreadable body).</summary>
    Other,
}
