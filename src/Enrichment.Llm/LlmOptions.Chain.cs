using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Enrichment.Llm;

/// <summary>The chain of models: the primary (<c>LLM_*</c>), then each fallback (<c>LLM_N_*</c>) in order.</summary>
public sealed partial class LlmOptions
{
    /// <summary>
    /// Settings of the whole chain, read from the primary only. Every model is sent the same prompt, redacted the same
    /// way: a fallback that could switch redaction off would be a way round it.
    /// </summary>
    public static IReadOnlyList<string> ChainWide { get; } =
        [nameof(PromptTemplateFile), nameof(PromptVersion), nameof(Redaction), nameof(RedactionPatterns), nameof(MaxFieldLength), nameof(ProtectCritical)];

    /// <summary>Whether <c>LLM_PROVIDER</c> (or <c>LLM_N_PROVIDER</c>) was given, rather than defaulted.</summary>
    internal bool ProviderIsSet => !string.IsNullOrWhiteSpace(Provider);

    /// <summary>The names in <c>LLM_FALLBACK_PROVIDERS</c>, in order.</summary>
    public IReadOnlyList<string> FallbackProviderList() =>
        (FallbackProviders ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>How many fallbacks are configured, by <c>LLM_FALLBACK_PROVIDERS</c> or by <c>LLM_N_*</c> sections.</summary>
    public int FallbackCount => Math.Max(FallbackProviderList().Count, Fallbacks.Count == 0 ? 0 : Fallbacks.Keys.Max() + 1);

    /// <summary>
    /// The models to ask, in order: these options first, then each fallback as its own options, its unset values at
    /// their defaults and the chain-wide settings the primary's. Call on validated options.
    /// </summary>
    public IReadOnlyList<LlmOptions> Chain()
    {
        var chain = new List<LlmOptions> { this };
        var listed = FallbackProviderList();
        for (var index = 0; index < FallbackCount; index++)
        {
            chain.Add(Fallback(index, listed));
        }
        return chain;
    }

    /// <summary>The variable that names fallback N's setting: <c>LLM_TIMEOUT</c> → <c>LLM_2_TIMEOUT</c>.</summary>
    public static string FallbackVariable(int number, string primaryVariable) => VariablePrefix().Replace(primaryVariable, $"LLM_{number}_");

    private LlmOptions Fallback(int index, IReadOnlyList<string> listed)
    {
        var configured = Fallbacks.GetValueOrDefault(index);
        var fallback = configured is null ? new LlmOptions() : (LlmOptions)configured.MemberwiseClone();
        fallback.Enabled = true;
        if (!fallback.ProviderIsSet && index < listed.Count)
        {
            fallback.Provider = listed[index];
        }
        fallback.FallbackProviders = null;
        fallback.PromptTemplateFile = PromptTemplateFile;
        fallback.PromptVersion = PromptVersion;
        fallback.Redaction = Redaction;
        fallback.RedactionPatterns = RedactionPatterns;
        fallback.MaxFieldLength = MaxFieldLength;
        fallback.ProtectCritical = ProtectCritical;
        return fallback;
    }

    private IEnumerable<ValidationResult> ValidateFallbacks()
    {
        var listed = FallbackProviderList();
        if (listed.Count > MaxFallbacks || Fallbacks.Keys.Any(k => k >= MaxFallbacks))
        {
            yield return new ValidationResult($"LLM_FALLBACK_PROVIDERS: at most {MaxFallbacks} fallbacks (LLM_1_* to LLM_{MaxFallbacks}_*).", [nameof(FallbackProviders)]);
            yield break;
        }
        if (Fallbacks.Keys.Any(k => k < 0))
        {
            yield return new ValidationResult("LLM_0_* is not a fallback: fallbacks are numbered from 1 (LLM_1_*); the primary is LLM_*.", [nameof(Fallbacks)]);
        }
        foreach (var name in listed.Where(n => !LlmProviders.IsKnown(n)))
        {
            yield return new ValidationResult(
                $"LLM_FALLBACK_PROVIDERS: '{name}' is not a provider: use {string.Join(", ", LlmProviders.All)}.", [nameof(FallbackProviders)]);
        }
        for (var index = 0; index < FallbackCount; index++)
        {
            foreach (var error in ValidateFallback(index, listed))
            {
                yield return error;
            }
        }
    }

    private IEnumerable<ValidationResult> ValidateFallback(int index, IReadOnlyList<string> listed)
    {
        var number = index + 1;
        var configured = Fallbacks.GetValueOrDefault(index);
        var named = index < listed.Count ? listed[index] : null;
        if (configured is not { ProviderIsSet: true } && named is null)
        {
            yield return new ValidationResult(
                $"LLM_{number}_PROVIDER is not set: name fallback {number} in LLM_FALLBACK_PROVIDERS or set LLM_{number}_PROVIDER.", [nameof(Fallbacks)]);
            yield break;
        }
        if (configured is { ProviderIsSet: true } && named is not null && configured.ProviderName != LlmProviders.Normalize(named))
        {
            yield return new ValidationResult(
                $"LLM_{number}_PROVIDER '{configured.Provider}' disagrees with LLM_FALLBACK_PROVIDERS, which names '{named}' as fallback {number}.", [nameof(Fallbacks)]);
            yield break;
        }
        if (configured is not null)
        {
            foreach (var setting in ChainWideSettingsIn(configured))
            {
                yield return new ValidationResult(
                    $"{FallbackVariable(number, Variable(setting))} cannot be set per model: the prompt, redaction and LLM_PROTECT_CRITICAL are the chain's; set {Variable(setting)}.",
                    [nameof(Fallbacks)]);
            }
            // The attributes ([Range]) of fallback N's own values; its model checks follow on the resolved options.
            // Enabled off, so that an LLM_N_ENABLED does not run the primary's checks on it as well.
            var attributesOnly = (LlmOptions)configured.MemberwiseClone();
            attributesOnly.Enabled = false;
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(attributesOnly, new ValidationContext(attributesOnly), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return Renamed(result, number);
            }
        }
        foreach (var result in Fallback(index, listed).ValidateModel())
        {
            yield return Renamed(result, number);
        }
    }

    /// <summary>Chain-wide settings (and nested fallbacks) a fallback's section sets: refused rather than ignored.</summary>
    private static IEnumerable<string> ChainWideSettingsIn(LlmOptions fallback)
    {
        var defaults = new LlmOptions();
        if (fallback.PromptTemplateFile is not null) yield return nameof(PromptTemplateFile);
        if (fallback.PromptVersion is not null) yield return nameof(PromptVersion);
        if (fallback.Redaction != defaults.Redaction) yield return nameof(Redaction);
        if (fallback.RedactionPatterns is not null) yield return nameof(RedactionPatterns);
        if (fallback.MaxFieldLength != defaults.MaxFieldLength) yield return nameof(MaxFieldLength);
        if (fallback.ProtectCritical != defaults.ProtectCritical) yield return nameof(ProtectCritical);
        if (fallback.FallbackProviders is not null) yield return nameof(FallbackProviders);
        if (fallback.Fallbacks.Count > 0) yield return nameof(Fallbacks);
    }

    private static ValidationResult Renamed(ValidationResult result, int number) =>
        new(FallbackVariable(number, result.ErrorMessage ?? "invalid"), result.MemberNames.Select(m => $"{nameof(Fallbacks)}[{number - 1}].{m}"));

    /// <summary><c>RedactionPatterns</c> → <c>LLM_REDACTION_PATTERNS</c>.</summary>
    private static string Variable(string property) => "LLM_" + PropertyWords().Replace(property, "_$1").ToUpperInvariant();

    /// <summary><c>LLM_</c> of a primary variable, not already a fallback's (<c>LLM_2_</c>).</summary>
    [GeneratedRegex(@"\bLLM_(?=[A-Z])")]
    private static partial Regex VariablePrefix();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex PropertyWords();
}
