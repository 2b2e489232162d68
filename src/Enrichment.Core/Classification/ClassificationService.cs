using System.Diagnostics;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Classification.Caching;
using Enrichment.Core.Feedback;
using Enrichment.Core.History;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Classification;

/// <summary>
/// The classification chain for a batch: deduplicate by signature → cache → the configured
/// classifier (the model, or a team's own) → rules. Every alert gets an answer or, with the
/// fallback off and the model failing, null; one bad alert never fails its batch. Concurrent
/// batches share the answers of signatures in flight (single flight), so a storm costs one model
/// answer per signature; with shared leases (<see cref="ISignatureLeases"/>, Redis) so do concurrent batches of
/// several worker processes (<see cref="CrossProcessFlight"/>).
/// <para>
/// The classifier is shown a signature's view, never an alert (<see cref="SignedAlert"/>): volatile
/// label values and numbers are marks there. Its answer is cached with the marks and rendered for
/// each alert with that alert's own values, whether it is fresh, shared by a concurrent batch or a
/// cache hit; so no alert is told another alert's host or figures.
/// </para>
/// <para>
/// Corrections come first (<see cref="OverrideState"/>): an alert whose signature people corrected gets the correction
/// (<c>source: override</c>), and neither the cache nor the model is asked for it. A classifier that takes the service's
/// memory (<see cref="IMemoryAwareClassifier"/>) is told each alert's history class and recent corrections; its answers
/// are cached under both, so a changed class or set of corrections is a miss rather than a stale answer.
/// </para>
/// </summary>
public sealed class ClassificationService
{
    private readonly IRuleClassifier _rules;
    private readonly IAlertClassifier? _primary;
    private readonly IClassificationCache? _cache;
    private readonly AlertSignature _signature;
    private readonly ClassificationOptions _options;
    private readonly IEnrichmentMetrics _metrics;
    private readonly ILogger<ClassificationService> _logger;
    private readonly OverrideState? _overrides;
    private readonly SingleFlight _inFlight = new();
    private readonly CrossProcessFlight? _shared;

    public ClassificationService(
        IRuleClassifier rules,
        IOptions<ClassificationOptions> options,
        IEnrichmentMetrics metrics,
        ILogger<ClassificationService> logger,
        IAlertClassifier? primary = null,
        IClassificationCache? cache = null,
        OverrideState? overrides = null,
        ISignatureLeases? leases = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = rules;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _primary = primary;
        _overrides = overrides;
        _cache = _options.EnableCache ? cache : null;
        // A waiter reads the holder's answer from the cache: without one it would only wait to ask anyway.
        _shared = leases is null || _cache is null ? null : new CrossProcessFlight(leases, metrics, logger);
        _signature = new AlertSignature(_options.IgnoredLabels());
    }

    /// <summary>Each alert read through its signature (<see cref="AlertSignature.Read"/>), in order.</summary>
    public SignedAlert[] Sign(IReadOnlyList<AlertData> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var signed = new SignedAlert[alerts.Count];
        for (var i = 0; i < alerts.Count; i++)
        {
            signed[i] = _signature.Read(alerts[i]);
        }
        return signed;
    }

    public Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken) =>
        ClassifyAsync(alerts, context: null, cancellationToken);

    /// <param name="alerts">The batch.</param>
    /// <param name="context">The batch read through its signatures and its history classes, when the caller has them.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    public async Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(IReadOnlyList<AlertData> alerts, ClassificationContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var started = Stopwatch.GetTimestamp();
        var results = new AlertClassification?[alerts.Count];
        var corrections = _overrides is null ? OverrideSnapshot.Empty : await _overrides.ReadyAsync(cancellationToken);
        var signed = context?.Signed is { } given && given.Count == alerts.Count ? given : null;
        var history = context?.History is { } classes && classes.Count == alerts.Count ? classes : null;

        // Corrections first, ahead of the cache and the model; the rest of the batch goes on as if they were not there.
        IReadOnlyList<int>? open = null;
        if (corrections.Overrides.Count > 0)
        {
            signed ??= Sign(alerts);
            var left = new List<int>(alerts.Count);
            for (var i = 0; i < alerts.Count; i++)
            {
                if (corrections.Overrides.TryGetValue(signed[i].Signature, out var correction))
                {
                    results[i] = ApplyOverride(alerts[i], correction);
                }
                else
                {
                    left.Add(i);
                }
            }
            open = left.Count == alerts.Count ? null : left;
        }

        if (_primary is null)
        {
            // Rules only: microseconds per alert, nothing to cache or deduplicate. The contract's
            // llm_disabled says why no model answered, so that a user who expected one can tell.
            foreach (var i in open ?? Enumerable.Range(0, alerts.Count))
            {
                results[i] = ClassifyByRules(alerts[i], DegradedReason.LlmDisabled);
            }
        }
        else if (open is null)
        {
            await ClassifyWithPrimaryAsync(_primary, alerts, signed ?? Sign(alerts), history, corrections.Examples, results, cancellationToken);
        }
        else if (open.Count > 0)
        {
            var rest = new AlertClassification?[open.Count];
            await ClassifyWithPrimaryAsync(_primary, open.Select(i => alerts[i]).ToList(), open.Select(i => signed![i]).ToList(),
                history is null ? null : open.Select(i => history[i]).ToList(), corrections.Examples, rest, cancellationToken);
            for (var j = 0; j < open.Count; j++)
            {
                results[open[j]] = rest[j];
            }
        }
        _metrics.ClassificationDuration(Stopwatch.GetElapsedTime(started));
        return results;
    }

    private async Task ClassifyWithPrimaryAsync(
        IAlertClassifier primary,
        IReadOnlyList<AlertData> alerts,
        IReadOnlyList<SignedAlert> signed,
        IReadOnlyList<HistoryClass?>? history,
        CorrectionExamples examples,
        AlertClassification?[] results,
        CancellationToken cancellationToken)
    {
        var aware = primary as IMemoryAwareClassifier;
        var groups = GroupBySignature(primary, aware is null ? null : examples, alerts, signed, history);

        // Single flight: a signature another batch is resolving right now is awaited, not asked
        // again. Only signatures with a firing alert can cost a model call, so only they take part.
        using var claim = _inFlight.Join(groups.Where(g => g.Value.HasFiring).Select(g => g.Key));
        var answers = await LookupAsync(groups.Keys.Where(k => !claim.Joined.ContainsKey(k)).ToList(), cancellationToken);

        var toAsk = claim.Owned.Where(k => !answers.ContainsKey(k)).ToList();
        if (toAsk.Count > 0)
        {
            // Other worker processes may be missing on the same signatures right now: with shared leases one of
            // them asks per signature and the others read its answer from L2.
            Task<IReadOnlyDictionary<string, ClassifierAnswer>> AskAndStore(IReadOnlyList<string> keys, CancellationToken token) =>
                AskAndStoreAsync(primary, aware, keys, groups, signed, examples, token);
            var resolved = _shared is null
                ? await AskAndStore(toAsk, cancellationToken)
                : await _shared.ResolveAsync(toAsk, AskAndStore, cancellationToken);
            foreach (var (key, answer) in resolved)
            {
                answers[key] = answer;
            }
        }

        // Release what this batch owns (after the cache write, so a later batch finds it there)
        // before waiting for the others: two batches each waiting on the other would deadlock.
        foreach (var key in claim.Owned.ToList())
        {
            claim.Complete(key, answers[key]);
        }
        foreach (var (key, flight) in claim.Joined)
        {
            answers[key] = await flight.WaitAsync(cancellationToken);
        }

        foreach (var (key, group) in groups)
        {
            var answer = answers.TryGetValue(key, out var found) ? found : (ClassifierAnswer?)null;
            foreach (var i in group.Members)
            {
                results[i] = Resolve(alerts[i], signed[i].Values, group, answer);
            }
        }
    }

    /// <summary>
    /// Every distinct miss in one call: the classifier packs them into as few prompts as its prompt size allows.
    /// Resolved alerts are never asked about.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, ClassifierAnswer>> AskAndStoreAsync(
        IAlertClassifier primary,
        IMemoryAwareClassifier? aware,
        IReadOnlyList<string> keys,
        Dictionary<string, SignatureGroup> groups,
        IReadOnlyList<SignedAlert> signed,
        CorrectionExamples examples,
        CancellationToken cancellationToken)
    {
        var questions = keys.Select(k => new ClassifierQuestion(signed[groups[k].FirstFiring].View, groups[k].History)).ToList();
        var asked = await AskPrimaryAsync(primary, aware, questions, examples, cancellationToken);
        var answers = new Dictionary<string, ClassifierAnswer>(keys.Count, StringComparer.Ordinal);
        for (var j = 0; j < keys.Count; j++)
        {
            answers[keys[j]] = asked[j];
        }
        CountFreshVerdicts(asked);
        // Degraded answers stay out of the cache so the model classifies the signature once it is back: those
        // with no verdict, and those a fallback model gave in the primary's place (which carry the primary's
        // degradedReason, and are kept under the fallback's own namespace by the chain). So do rule verdicts a
        // classifier handed on (cheap to recompute for each alert, see Resolve).
        // What is stored is the classifier's own text, marks and all: it is rendered per alert on the way out.
        await StoreAsync(keys.Where(k => answers[k].Classification is { Source: not ClassificationSource.Rules, DegradedReason: null })
            .Select(k => KeyValuePair.Create(k, answers[k].Classification!)).ToList(), cancellationToken);
        return answers;
    }

    /// <summary>
    /// One entry per distinct signature (namespaced by the classifier); its alerts share the answer. For a classifier
    /// that is told the service's memory, the key also names the corrections it was shown and the history class:
    /// <c>namespace/c…:signature:recurring</c>.
    /// </summary>
    private static Dictionary<string, SignatureGroup> GroupBySignature(
        IAlertClassifier primary,
        CorrectionExamples? examples,
        IReadOnlyList<AlertData> alerts,
        IReadOnlyList<SignedAlert> signed,
        IReadOnlyList<HistoryClass?>? history)
    {
        var groups = new Dictionary<string, SignatureGroup>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            var @class = examples is null ? null : history?[i];
            var key = examples is null
                ? primary.CacheNamespace + ":" + signed[i].Signature
                : IMemoryAwareClassifier.MemoryKey(primary.CacheNamespace, examples, signed[i].Signature, @class);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new SignatureGroup(@class);
            }
            group.Add(i, alerts[i].Status != AlertStatus.Resolved);
        }
        return groups;
    }

    private AlertClassification? Resolve(AlertData alert, IReadOnlyDictionary<string, string> values, SignatureGroup group, ClassifierAnswer? answer)
    {
        if (answer?.Classification is { } classification)
        {
            // A rule verdict a classifier handed on was made from the view; the rules read this alert itself
            // (its pod and container names are evidence, and its summary is its own).
            return classification.Source == ClassificationSource.Rules
                ? ClassifyByRules(alert, classification.DegradedReason)
                : classification.RenderFor(values);
        }
        if (answer?.DegradedReason is { } reason && group.HasFiring)
        {
            return _options.EnableFallback ? ClassifyByRules(alert, reason) : null;
        }
        // Resolved and not in the cache: the rules describe a resolution well enough, and it costs no call.
        return ClassifyByRules(alert, degradedReason: null);
    }

    private async Task<Dictionary<string, ClassifierAnswer>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, ClassifierAnswer>(StringComparer.Ordinal);
        if (_cache is null || keys.Count == 0)
        {
            return answers;
        }
        try
        {
            foreach (var (key, hit) in await _cache.GetManyAsync(keys, cancellationToken))
            {
                answers[key] = ClassifierAnswer.Answered(hit);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Classification cache lookup failed, asking the classifier: {Error}", ex.Message);
        }
        return answers;
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
            _logger.LogWarning("Classification cache write failed: {Error}", ex.Message);
        }
    }

    private async Task<IReadOnlyList<ClassifierAnswer>> AskPrimaryAsync(
        IAlertClassifier primary,
        IMemoryAwareClassifier? aware,
        IReadOnlyList<ClassifierQuestion> questions,
        CorrectionExamples examples,
        CancellationToken cancellationToken)
    {
        var alerts = questions.Select(q => q.View).ToList();
        try
        {
            var answers = aware is null
                ? await primary.ClassifyAsync(alerts, cancellationToken)
                : await aware.ClassifyAsync(questions, examples, cancellationToken);
            if (answers.Count == alerts.Count)
            {
                return answers;
            }
            _logger.LogWarning("Classifier {Classifier} returned {Answers} answers for {Alerts} alerts", primary.CacheNamespace, answers.Count, alerts.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Classifier {Classifier} failed for {Alerts} alerts: {Error}", primary.CacheNamespace, alerts.Count, ex.Message);
        }
        return alerts.Select(_ => ClassifierAnswer.Failed(DegradedReason.Error)).ToList();
    }

    /// <summary>Verdicts the classifier gave afresh, by source: the denominator of the share of verdicts later corrected.</summary>
    private void CountFreshVerdicts(IReadOnlyList<ClassifierAnswer> asked)
    {
        foreach (var group in asked.Where(a => a.Classification is { Source: not ClassificationSource.Rules }).GroupBy(a => a.Classification!.Source, StringComparer.Ordinal))
        {
            _metrics.ClassifierVerdicts(group.Key, group.Count());
        }
    }

    private AlertClassification? ApplyOverride(AlertData alert, SignatureOverride correction)
    {
        var rules = ClassifyByRules(alert, degradedReason: null);
        return rules is null ? null : OverrideVerdict.Apply(correction, rules, alert);
    }

    private AlertClassification? ClassifyByRules(AlertData alert, string? degradedReason)
    {
        try
        {
            var classification = _rules.Classify(alert);
            return degradedReason is null ? classification : classification with { DegradedReason = degradedReason };
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Rule classifier failed for alert {Fingerprint}", alert.Fingerprint);
            return null;
        }
    }

    /// <summary>The alerts of a batch that share one signature.</summary>
    private sealed class SignatureGroup(HistoryClass? history)
    {
        public List<int> Members { get; } = [];

        /// <summary>The history class the classifier is told (only for one that takes the service's memory).</summary>
        public HistoryClass? History { get; } = history;

        /// <summary>The alert asked about on the group's behalf; -1 when every member is resolved.</summary>
        public int FirstFiring { get; private set; } = -1;

        public bool HasFiring => FirstFiring >= 0;

        public void Add(int index, bool firing)
        {
            Members.Add(index);
            if (firing && FirstFiring < 0)
            {
                FirstFiring = index;
            }
        }
    }
}
