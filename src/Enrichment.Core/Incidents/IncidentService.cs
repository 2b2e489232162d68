using Enrichment.Contracts;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Incidents;

/// <summary>
/// What a worker asks of incidents for a batch: reads each alert's facts, places the batch in the shared book in one
/// atomic update, and hands back each alert's <see cref="IncidentRef"/>. A store that fails costs the batch its incident
/// fields (null), never its events.
/// </summary>
public sealed class IncidentService
{
    private readonly IIncidentStore _store;
    private readonly IRuleClassifier _rules;
    private readonly TimeProvider _time;
    private readonly ILogger<IncidentService> _logger;
    private readonly AlertFactsReader _facts;

    public IncidentService(IIncidentStore store, IOptions<IncidentOptions> options, IOptions<ClassificationOptions> classification,
        IRuleClassifier rules, TimeProvider time, ILogger<IncidentService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(classification);
        _store = store;
        _rules = rules;
        _time = time;
        _logger = logger;
        Options = options.Value;
        var volatileLabels = classification.Value.IgnoredLabels();
        _facts = new AlertFactsReader(Options.ScopeLabelList(), volatileLabels);
        Correlator = new IncidentCorrelator(Options);
        Maintenance = new IncidentMaintenance(Options, Correlator, volatileLabels);
    }

    public IncidentOptions Options { get; }

    public bool Enabled => Options.Enabled;

    public IncidentCorrelator Correlator { get; }

    public IncidentMaintenance Maintenance { get; }

    public IIncidentStore Store => _store;

    /// <param name="verdicts">The batch's classifications (same index; null where none): their category is the alert's.</param>
    /// <param name="groupKeys">The notification each alert came in (same index; null where unknown).</param>
    /// <param name="signed">The alerts read through their signatures (same index), when the caller has them: read again otherwise.</param>
    public async Task<IReadOnlyList<IncidentRef?>> CorrelateAsync(IReadOnlyList<AlertData> alerts, IReadOnlyList<AlertClassification?> verdicts,
        IReadOnlyList<string?> groupKeys, IReadOnlyList<DateTimeOffset> receivedAt, CancellationToken cancellationToken,
        IReadOnlyList<Alerts.SignedAlert>? signed = null)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(groupKeys);
        ArgumentNullException.ThrowIfNull(receivedAt);
        if (!Enabled || alerts.Count == 0)
        {
            return new IncidentRef?[alerts.Count];
        }
        var facts = new AlertFacts[alerts.Count];
        for (var i = 0; i < alerts.Count; i++)
        {
            facts[i] = _facts.Read(alerts[i], CategoryOf(alerts[i], verdicts[i]), receivedAt[i], groupKeys[i], signed?[i]);
        }
        try
        {
            return await _store.UpdateAsync(book => Correlator.Apply(book, facts, _time.GetUtcNow()), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Incident store ({Store}) failed for a batch of {Count} alerts; their events carry no incident: {Error}",
                _store.Name, alerts.Count, ex.Message);
            return new IncidentRef?[alerts.Count];
        }
    }

    /// <summary>The facts of one alert, as correlation reads them (for tools and tests).</summary>
    public AlertFacts Read(AlertData alert, string? groupKey = null, DateTimeOffset? receivedAt = null) =>
        _facts.Read(alert, CategoryOf(alert, null), receivedAt ?? _time.GetUtcNow(), groupKey);

    private string CategoryOf(AlertData alert, AlertClassification? verdict)
    {
        if (verdict is not null)
        {
            return verdict.Category.ToWire();
        }
        try
        {
            return _rules.Classify(alert).Category.ToWire();
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Rule classifier failed for alert {Fingerprint}", alert.Fingerprint);
            return AlertCategory.Application.ToWire();
        }
    }
}
