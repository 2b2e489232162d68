using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Enrichment.Llm;

/// <summary>
/// The model's part of the <c>Llm</c> section (<c>LLM_*</c> variables). Every message names the
/// variable a user sets, since that is what they will search their deployment for.
/// <para>
/// The same class describes each fallback model (<c>LLM_FALLBACK_PROVIDERS</c>, fallback N configured as
/// <c>LLM_N_*</c> ≡ <c>Llm:Fallbacks:N-1:*</c>): what is unset there takes the defaults, never the primary's, so a
/// cloud key or price never carries over to a local model. The prompt, redaction and <c>LLM_PROTECT_CRITICAL</c>
/// belong to the whole chain (<see cref="ChainWide"/>) and are the primary's.
/// </para>
/// </summary>
public sealed partial class LlmOptions : IValidatableObject
{
    public const string Section = "Llm";

    /// <summary>Fallbacks past this many are refused: each one adds its timeout to an alert's worst case.</summary>
    public const int MaxFallbacks = 9;

    /// <summary><c>LLM_ENABLED</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// <c>LLM_PROVIDER</c>: see <see cref="LlmProviders"/>; <c>openai</c> when unset (<see cref="ProviderName"/>). Null
    /// rather than a default value, because the configuration binder writes a property's default back and a fallback
    /// must tell an unset <c>LLM_N_PROVIDER</c> from a given one.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// <c>LLM_FALLBACK_PROVIDERS</c>: further providers (comma-separated) asked in order for the alerts the one before
    /// gave no answer for, e.g. <c>ollama</c>; the rules come last. Fallback N is configured as <c>LLM_N_*</c>.
    /// </summary>
    public string? FallbackProviders { get; set; }

    /// <summary>
    /// The <c>Llm:Fallbacks</c> section: fallback N's settings at index N-1 (a JSON array, or <c>LLM_N_*</c>).
    /// Get-only: a section of settings, not a setting of its own.
    /// </summary>
    public Dictionary<int, LlmOptions> Fallbacks { get; } = [];

    /// <summary><c>LLM_API_KEY</c>: the user's own key. Never logged, never in an exception message.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>LLM_MODEL</c>: the provider's default when unset.</summary>
    public string? Model { get; set; }

    /// <summary><c>LLM_BASE_URL</c>: the provider's default when unset.</summary>
    public string? BaseUrl { get; set; }

    /// <summary><c>LLM_TIMEOUT</c>: one model call (one attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "LLM_TIMEOUT must be between 100ms and 10m.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>LLM_MAX_RETRIES</c>: retries after the first attempt.</summary>
    [Range(0, 10, ErrorMessage = "LLM_MAX_RETRIES must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary><c>LLM_RETRY_BASE_DELAY</c>: first backoff; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "LLM_RETRY_BASE_DELAY must be between 0 and 1m.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>LLM_MAX_RETRY_DELAY</c>: the longest wait between attempts, a provider's <c>Retry-After</c> included.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "LLM_MAX_RETRY_DELAY must be between 0 and 5m.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>LLM_CIRCUIT_FAILURE_THRESHOLD</c>: failed attempts (at least half of those in the last minute) that open the circuit.</summary>
    [Range(2, 100, ErrorMessage = "LLM_CIRCUIT_FAILURE_THRESHOLD must be between 2 and 100.")]
    public int CircuitFailureThreshold { get; set; } = 5;

    /// <summary><c>LLM_CIRCUIT_BREAK_DURATION</c>: how long the circuit stays open before one probe call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ErrorMessage = "LLM_CIRCUIT_BREAK_DURATION must be between 500ms and 1h.")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>LLM_MAX_CONCURRENCY</c>: model calls in flight at once from this process.</summary>
    [Range(1, 64, ErrorMessage = "LLM_MAX_CONCURRENCY must be between 1 and 64.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary><c>LLM_MAX_ALERTS_PER_PROMPT</c>: alerts numbered 1..K in one call.</summary>
    [Range(1, 100, ErrorMessage = "LLM_MAX_ALERTS_PER_PROMPT must be between 1 and 100.")]
    public int MaxAlertsPerPrompt { get; set; } = 20;

    /// <summary><c>LLM_MAX_OUTPUT_TOKENS</c>: the most a call may ask for; a prompt asks for less when it holds fewer alerts.</summary>
    [Range(256, 200_000, ErrorMessage = "LLM_MAX_OUTPUT_TOKENS must be between 256 and 200000.")]
    public int MaxOutputTokens { get; set; } = 8192;

    /// <summary><c>LLM_MAX_TOKENS_PER_MINUTE</c>: input plus output tokens; 0 is unlimited.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "LLM_MAX_TOKENS_PER_MINUTE must be 0 (unlimited) or more.")]
    public long MaxTokensPerMinute { get; set; }

    /// <summary><c>LLM_MAX_REQUESTS_PER_MINUTE</c>: attempts, retries included; 0 is unlimited.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "LLM_MAX_REQUESTS_PER_MINUTE must be 0 (unlimited) or more.")]
    public int MaxRequestsPerMinute { get; set; }

    /// <summary><c>LLM_PRICE_INPUT_PER_1K</c>: what 1,000 input tokens cost, in any unit (e.g. USD); 0 by default.</summary>
    [Range(0.0, 1_000_000.0, ErrorMessage = "LLM_PRICE_INPUT_PER_1K must be 0 or more.")]
    public double PriceInputPer1k { get; set; }

    /// <summary><c>LLM_PRICE_OUTPUT_PER_1K</c>: what 1,000 output tokens cost, in the unit of the input price; 0 by default.</summary>
    [Range(0.0, 1_000_000.0, ErrorMessage = "LLM_PRICE_OUTPUT_PER_1K must be 0 or more.")]
    public double PriceOutputPer1k { get; set; }

    /// <summary><c>LLM_MAX_COST_PER_HOUR</c>: spend at the configured prices in a sliding hour, per process; 0 is unlimited.</summary>
    [Range(0.0, double.MaxValue, ErrorMessage = "LLM_MAX_COST_PER_HOUR must be 0 (unlimited) or more.")]
    public double MaxCostPerHour { get; set; }

    /// <summary><c>LLM_MAX_COST_PER_DAY</c>: spend at the configured prices in a sliding 24 hours, per process; 0 is unlimited.</summary>
    [Range(0.0, double.MaxValue, ErrorMessage = "LLM_MAX_COST_PER_DAY must be 0 (unlimited) or more.")]
    public double MaxCostPerDay { get; set; }

    /// <summary><c>LLM_PROMPT_TEMPLATE_FILE</c>: the system instructions, replacing the built-in ones.</summary>
    public string? PromptTemplateFile { get; set; }

    /// <summary><c>LLM_PROMPT_VERSION</c>: part of the cache namespace; by default <c>p2</c> for the built-in prompt and a hash of a template file.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,32}$", ErrorMessage = "LLM_PROMPT_VERSION must be 1-32 letters, digits, '.', '_' or '-'.")]
    public string? PromptVersion { get; set; }

    /// <summary><c>LLM_REDACTION</c>: strip secrets and e-mail addresses before anything leaves for the model.</summary>
    public bool Redaction { get; set; } = true;

    /// <summary><c>LLM_REDACTION_PATTERNS</c>: extra regular expressions, one per line or separated by <c>;;</c>.</summary>
    public string? RedactionPatterns { get; set; }

    /// <summary><c>LLM_MAX_FIELD_LENGTH</c>: characters kept of one label or annotation value.</summary>
    [Range(32, 8192, ErrorMessage = "LLM_MAX_FIELD_LENGTH must be between 32 and 8192.")]
    public int MaxFieldLength { get; set; } = 512;

    /// <summary><c>LLM_STRUCTURED_OUTPUT</c>: ask for the answer's JSON schema (off for servers that reject <c>response_format</c>).</summary>
    public bool StructuredOutput { get; set; } = true;

    /// <summary><c>LLM_TEMPERATURE</c>: unset by default, since some models reject it.</summary>
    [Range(0.0, 2.0, ErrorMessage = "LLM_TEMPERATURE must be between 0 and 2.")]
    public double? Temperature { get; set; }

    /// <summary><c>LLM_PROTECT_CRITICAL</c>: a model may not call an alert labelled critical <c>noise</c>.</summary>
    public bool ProtectCritical { get; set; } = true;

    /// <summary><c>LLM_ANTHROPIC_AUTH</c>: <c>bearer</c> (the SDK sends <c>Authorization: Bearer</c>) or <c>x-api-key</c> (for gateways that only read that header).</summary>
    public string AnthropicAuth { get; set; } = "bearer";

    public string ProviderName => LlmProviders.Normalize(Provider ?? LlmProviders.OpenAI);

    public string EffectiveModel => string.IsNullOrWhiteSpace(Model) ? LlmProviders.DefaultModel(ProviderName) : Model.Trim();

    public Uri ResolveBaseUrl() => new(string.IsNullOrWhiteSpace(BaseUrl) ? LlmProviders.DefaultBaseUrl(ProviderName) : BaseUrl.Trim());

    public IReadOnlyList<string> ExtraRedactionPatterns() =>
        (RedactionPatterns ?? "").Split(["\n", ";;"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The prices of this provider's tokens.</summary>
    public LlmPrices Prices => new(PriceInputPer1k, PriceOutputPer1k);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            return [];
        }
        return ValidateModel().Concat(ValidateChainWide()).Concat(ValidateFallbacks());
    }

    /// <summary>What one model of the chain needs: a known provider, its key, a usable URL, prices behind a money budget.</summary>
    private IEnumerable<ValidationResult> ValidateModel()
    {
        if (!LlmProviders.IsKnown(ProviderName))
        {
            yield return new ValidationResult(
                $"LLM_PROVIDER '{Provider}' is not a provider: use {string.Join(", ", LlmProviders.All)}.", [nameof(Provider)]);
            yield break;
        }
        if (LlmProviders.RequiresApiKey(ProviderName) && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult($"LLM_API_KEY is required for LLM_PROVIDER={ProviderName}.", [nameof(ApiKey)]);
        }
        if (ProviderName == LlmProviders.OpenAICompatible && string.IsNullOrWhiteSpace(BaseUrl))
        {
            yield return new ValidationResult("LLM_BASE_URL is required for LLM_PROVIDER=openai-compatible.", [nameof(BaseUrl)]);
        }
        // The value is not echoed: a gateway URL may carry a key in its query or user info.
        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && (!Uri.TryCreate(BaseUrl.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("LLM_BASE_URL is not an absolute http:// or https:// URL.", [nameof(BaseUrl)]);
        }
        if (AnthropicAuth is not ("x-api-key" or "bearer"))
        {
            yield return new ValidationResult("LLM_ANTHROPIC_AUTH must be x-api-key or bearer.", [nameof(AnthropicAuth)]);
        }
        // A money budget over free tokens would never stop anything: say so rather than let the user believe in it.
        if ((MaxCostPerHour > 0 || MaxCostPerDay > 0) && Prices.IsFree)
        {
            yield return new ValidationResult(
                "LLM_MAX_COST_PER_HOUR and LLM_MAX_COST_PER_DAY need a price: set LLM_PRICE_INPUT_PER_1K or LLM_PRICE_OUTPUT_PER_1K.",
                [nameof(MaxCostPerHour), nameof(MaxCostPerDay)]);
        }
    }

    /// <summary>The settings of the whole chain: the prompt and redaction every model is sent.</summary>
    private IEnumerable<ValidationResult> ValidateChainWide()
    {
        if (!string.IsNullOrWhiteSpace(PromptTemplateFile) && !File.Exists(PromptTemplateFile))
        {
            yield return new ValidationResult($"LLM_PROMPT_TEMPLATE_FILE '{PromptTemplateFile}' does not exist.", [nameof(PromptTemplateFile)]);
        }
        foreach (var pattern in ExtraRedactionPatterns())
        {
            string? error = null;
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                error = $"LLM_REDACTION_PATTERNS: '{pattern}' is not a valid regular expression.";
            }
            if (error is not null)
            {
                yield return new ValidationResult(error, [nameof(RedactionPatterns)]);
            }
        }
    }
}
