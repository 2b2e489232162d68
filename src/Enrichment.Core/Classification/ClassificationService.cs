using System.Diagnostics;
using Enrichment.Contracts;
using Enrichment.Core.Alerts;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Classification;

/// <summary>
/// The classification chain for a batch: deduplicate by signature → cache → the configured
/// classifier (the model, or a team's own) → rules. Every alert gets an answer or, with the
/// fallback off and the model failing, null; one bad alert never fails its batch.
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

    public ClassificationService(
        IRuleClassifier rules,
        IOptions<ClassificationOptions> options,
        IEnrichmentMetrics metrics,
        ILogger<ClassificationService> logger,
        IAlertClassifier? primary = null,
        IClassificationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = rules;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _primary = primary;
        _cache = _options.EnableCache ? cache : null;
        _signature = new AlertSignature(_options.IgnoredLabels());
    }

    /// <summary>True when a model (or a team's own classifier) answers before the rules.</summary>
    public bool HasPrimaryClassifier => _primary is not null;

    public async Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var started = Stopwatch.GetTimestamp();
        var results = new AlertClassification?[alerts.Count];
        if (_primary is null)
        {
            // Rules only: microseconds per alert, nothing to cache or deduplicate.
            for (var i = 0; i < alerts.Count; i++)
            {
                results[i] = ClassifyByRules(alerts[i], degradedReason: null);
            }
        }
        else
        {
            await ClassifyWithPrimaryAsync(_primary, alerts, results, cancellationToken);
        }
        _metrics.ClassificationDuration(Stopwatch.GetElapsedTime(started));
        return results;
    }

    private async Task ClassifyWithPrimaryAsync(IAlertClassifier primary, IReadOnlyList<AlertData> alerts, AlertClassification?[] results, CancellationToken cancellationToken)
    {
        // One entry per distinct signature; its alerts share the answer.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            var key = primary.CacheNamespace + ":" + _signature.Compute(alerts[i]);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }
            members.Add(i);
        }

        var answered = new Dictionary<string, AlertClassification>(StringComparer.Ordinal);
        if (_cache is not null)
        {
            try
            {
                foreach (var (key, hit) in await _cache.GetManyAsync(groups.Keys, cancellationToken))
                {
                    answered[key] = hit;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("Classification cache lookup failed, asking the classifier: {Error}", ex.Message);
            }
        }

        var misses = groups.Where(g => !answered.ContainsKey(g.Key)).ToList();
        // Resolved alerts never cost a model call: the firing alert's answer is normally cached,
        // and when it is not the rules describe the resolution well enough.
        var toAsk = misses.Where(g => alerts[g.Value[0]].Status != AlertStatus.Resolved).ToList();
        var fresh = new List<KeyValuePair<string, AlertClassification>>(toAsk.Count);
        if (toAsk.Count > 0)
        {
            var answers = await AskPrimaryAsync(primary, toAsk.Select(g => alerts[g.Value[0]]).ToList(), cancellationToken);
            for (var j = 0; j < toAsk.Count; j++)
            {
                var (key, members) = (toAsk[j].Key, toAsk[j].Value);
                if (answers[j].Classification is { } classification)
                {
                    answered[key] = classification;
                    fresh.Add(new(key, classification));
                }
                else
                {
                    // Degraded answers stay out of the cache so the model classifies the signature once it is back.
                    var reason = answers[j].DegradedReason ?? DegradedReason.Error;
                    foreach (var i in members)
                    {
                        results[i] = _options.EnableFallback ? ClassifyByRules(alerts[i], reason) : null;
                    }
                }
            }
        }
        foreach (var (key, members) in misses.Where(g => !answered.ContainsKey(g.Key) && alerts[g.Value[0]].Status == AlertStatus.Resolved))
        {
            foreach (var i in members)
            {
                results[i] = ClassifyByRules(alerts[i], degradedReason: null);
            }
        }

        foreach (var (key, members) in groups)
        {
            if (answered.TryGetValue(key, out var classification))
            {
                foreach (var i in members)
                {
                    results[i] = classification;
                }
            }
        }

        if (_cache is not null && fresh.Count > 0)
        {
            try
            {
                await _cache.SetManyAsync(fresh, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("Classification cache write failed: {Error}", ex.Message);
            }
        }
    }

    private async Task<IReadOnlyList<ClassifierAnswer>> AskPrimaryAsync(IAlertClassifier primary, IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        try
        {
            var answers = await primary.ClassifyAsync(alerts, cancellationToken);
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
}
