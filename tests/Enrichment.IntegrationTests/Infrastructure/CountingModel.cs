using System.Collections.Concurrent;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// A stand-in for the LLM that counts what it costs: how many calls, and how many alerts each call
/// carried. Its answers are recognisable (<c>fake model: AlertName</c>, source <c>llm</c>).
/// </summary>
public sealed class CountingModel(string cacheNamespace = "fake/counting/v1") : IAlertClassifier
{
    public const string SummaryPrefix = "fake model: ";

    private readonly ConcurrentQueue<int> _callSizes = new();

    public string CacheNamespace { get; } = cacheNamespace;

    /// <summary>Alerts passed per call, in call order.</summary>
    public IReadOnlyCollection<int> CallSizes => _callSizes;

    public int Calls => _callSizes.Count;

    public int AlertsAsked => _callSizes.Sum();

    public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        _callSizes.Enqueue(alerts.Count);
        IReadOnlyList<ClassifierAnswer> answers = alerts.Select(a => ClassifierAnswer.Answered(new AlertClassification
        {
            Severity = Severity.Warning,
            Category = AlertCategory.Application,
            Confidence = 0.77,
            Summary = SummaryPrefix + a.Labels.GetValueOrDefault("alertname"),
            Reasoning = "counted",
            Recommendations = ["check the fake"],
            Source = ClassificationSource.Llm,
            Provider = "fake",
            Model = "counting",
        })).ToList();
        return Task.FromResult(answers);
    }
}
