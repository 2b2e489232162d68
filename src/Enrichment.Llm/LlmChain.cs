using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Feedback;
using Microsoft.Extensions.Logging;

namespace Enrichment.Llm;

/// <summary>
/// The chain of models (<c>LLM_FALLBACK_PROVIDERS</c>): the primary is asked first; the alerts it gave no answer for
/// — its circuit open, a timeout, a 5xx, its budget spent, an invalid item — go to the next model, and so on; what
/// none answers goes back to the classification service, whose rules come last. Each model is an
/// <see cref="LlmClassifier"/> of its own, so each has its own breaker, retries, budget, prices and cache namespace.
/// <para>
/// What the events say: <c>provider</c> and <c>model</c> name the model that answered; <c>degradedReason</c> is why
/// the primary did not (<c>null</c> only when the primary answered), for a fallback's answer and the rules' alike.
/// An answer of a fallback is therefore never cached under the primary's namespace (the service keeps no degraded
/// answer): it is kept under the fallback's own, looked up there while the primary is failing, and the primary
/// answers the signature again once it is back.
/// </para>
/// <para>
/// Every model of the chain is told the same memory — each alert's history class and the corrections shown as
/// examples — and a fallback's answers are kept under its namespace with the same examples' tag and class as the
/// service keeps the primary's (<see cref="IMemoryAwareClassifier.MemoryKey"/>).
/// </para>
/// </summary>
public sealed class LlmChain : IMemoryAwareClassifier
{
    private readonly IReadOnlyList<LlmClassifier> _models;
    private readonly IClassificationCache? _cache;
    private readonly ILogger<LlmChain> _logger;

    /// <param name="models">The primary first, then the fallbacks in order.</param>
    /// <param name="cache">Where the fallbacks' answers are kept under their own namespaces; null keeps none.</param>
    public LlmChain(IReadOnlyList<LlmClassifier> models, ILogger<LlmChain> logger, IClassificationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("A chain needs at least its primary model.", nameof(models));
        }
        _models = models;
        _logger = logger;
        _cache = cache;
    }

    /// <summary>The primary's: the classification service looks a signature up there first.</summary>
    public string CacheNamespace => _models[0].CacheNamespace;

    /// <summary>The primary first, then the fallbacks: for tests, health and callers that share a model's budget.</summary>
    public IReadOnlyList<LlmClassifier> Models => _models;

    public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return AskChainAsync(alerts.Select(a => new ClassifierQuestion(a, null)).ToList(), null, cancellationToken);
    }

    public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<ClassifierQuestion> questions, CorrectionExamples examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return AskChainAsync(questions, examples, cancellationToken);
    }

    /// <param name="questions">The views and their history classes.</param>
    /// <param name="examples">What the models are shown; null when asked without the service's memory (keys as before it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<IReadOnlyList<ClassifierAnswer>> AskChainAsync(IReadOnlyList<ClassifierQuestion> questions, CorrectionExamples? examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var answers = (await _models[0].ClassifyAsync(questions, examples ?? CorrectionExamples.None, cancellationToken)).ToArray();
        for (var next = 1; next < _models.Count; next++)
        {
            var pending = Enumerable.Range(0, questions.Count).Where(i => answers[i].Classification is null).ToList();
            if (pending.Count == 0)
            {
                break;
            }
            var model = _models[next];
            _logger.LogDebug("{Count} alerts without an answer; asking fallback {Number}, {Provider}/{Model}",
                pending.Count, next, model.Provider, model.Model);
            var fallbackAnswers = await AskFallbackAsync(model, pending.Select(i => questions[i]).ToList(), examples, cancellationToken);
            for (var j = 0; j < pending.Count; j++)
            {
                if (fallbackAnswers[j].Classification is { } classification)
                {
                    // Why the primary gave no answer: the reason it failed stays on the alert, whoever answers instead.
                    answers[pending[j]] = ClassifierAnswer.Answered(classification with { DegradedReason = answers[pending[j]].DegradedReason ?? DegradedReason.Error });
                }
            }
        }
        return answers;
    }

    /// <summary>The fallback's cached answers first, then one ask for the rest, whose answers are kept under its namespace.</summary>
    private async Task<IReadOnlyList<ClassifierAnswer>> AskFallbackAsync(
        LlmClassifier model,
        IReadOnlyList<ClassifierQuestion> questions,
        CorrectionExamples? examples,
        CancellationToken cancellationToken)
    {
        // A view's fingerprint is its signature, so these are the keys the classification service would use.
        var keys = questions.Select(q => examples is null
            ? model.CacheNamespace + ":" + q.View.Fingerprint
            : IMemoryAwareClassifier.MemoryKey(model.CacheNamespace, examples, q.View.Fingerprint, q.History)).ToList();
        var cached = await LookupAsync(keys, cancellationToken);
        var answers = new ClassifierAnswer[questions.Count];
        var ask = new List<int>();
        for (var i = 0; i < questions.Count; i++)
        {
            if (cached.TryGetValue(keys[i], out var hit))
            {
                answers[i] = ClassifierAnswer.Answered(hit);
            }
            else
            {
                ask.Add(i);
            }
        }
        if (ask.Count == 0)
        {
            return answers;
        }
        var asked = await model.ClassifyAsync(ask.Select(i => questions[i]).ToList(), examples ?? CorrectionExamples.None, cancellationToken);
        var fresh = new List<KeyValuePair<string, AlertClassification>>();
        for (var j = 0; j < ask.Count; j++)
        {
            answers[ask[j]] = asked[j];
            if (asked[j].Classification is { } classification)
            {
                fresh.Add(KeyValuePair.Create(keys[ask[j]], classification));
            }
        }
        await StoreAsync(fresh, cancellationToken);
        return answers;
    }

    private async Task<IReadOnlyDictionary<string, AlertClassification>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (_cache is null)
        {
            return new Dictionary<string, AlertClassification>();
        }
        try
        {
            return await _cache.GetManyAsync(keys, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Classification cache lookup for a fallback model failed, asking the model: {Error}", ex.Message);
            return new Dictionary<string, AlertClassification>();
        }
    }

    private async Task StoreAsync(IReadOnlyCollection<KeyValuePair<string, AlertClassification>> fresh, CancellationToken cancellationToken)
    {
        if (_cache is null || fresh.Count == 0)
        {
            return;
        }
        try
        {
            await _cache.SetManyAsync(fresh, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Classification cache write for a fallback model failed: {Error}", ex.Message);
        }
    }
}
