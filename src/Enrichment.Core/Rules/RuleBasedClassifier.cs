using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Enrichment.Contracts;
using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// The classifier that always answers: fast, offline, deterministic.
/// <para>
/// Category: every known word of the alert (see <see cref="CategoryVocabulary"/>) adds weighted
/// evidence to the categories it points to. Where a word appears matters: the alert name weighs
/// most, and the first known word of the name (usually the product: <c>Postgresql</c>ReplicationLag)
/// more still; then the <c>job</c> label, other labels, the summary and the description. The best
/// score wins; the confidence grows with the margin over the runner-up and with the amount of
/// evidence. Severity: the normalised <c>severity</c> label (or <c>priority</c>, <c>level</c>),
/// else inferred from the name. Alerts that fire by design (Watchdog, InfoInhibitor, dead man's
/// switches, tests) are <c>noise</c>.
/// </para>
/// <para>Stateless and allocation-light: one instance serves all threads.</para>
/// </summary>
public sealed class RuleBasedClassifier : IRuleClassifier
{
    internal const double AlertNameWeight = 3.0;
    internal const double LeadWordBonus = 1.6;
    internal const double JobWeight = 2.5;
    internal const double LabelValueWeight = 1.5;
    internal const double LabelNameWeight = 0.6;
    internal const double SummaryWeight = 1.0;
    internal const double DescriptionWeight = 0.6;

    internal const double MinConfidence = 0.35;
    internal const double MaxConfidence = 0.95;
    internal const double NoEvidenceConfidence = 0.2;

    /// <summary>A storage noun in the alert name (disk 2.5 × 3 = 7.5) outranks the platform it sits on.</summary>
    internal const double StorageResourceInNameThreshold = 7.0;

    /// <summary>The category of an alert nothing is known about: a service's own problem.</summary>
    internal const AlertCategory DefaultCategory = AlertCategory.Application;

    private const int MaxWordLength = 64;
    private const int MaxHits = 64;
    private const int SummaryMaxLength = 300;

    /// <summary>Labels whose values say nothing about the kind of problem (or are scored separately).</summary>
    private static readonly FrozenSet<string> IgnoredLabels = FrozenSet.ToFrozenSet(
    [
        "alertname", "severity", "priority", "level", "job", "instance", "prometheus", "prometheus_replica",
        "replica", "alertstate", "receiver", "fingerprint", "endpoint", "uid", "id", "ip", "pod_ip", "host_ip",
        "cluster", "env", "environment", "region", "zone", "datacenter", "dc", "team", "owner", "tenant",
        "le", "quantile", "__name__", "test", "testing", "is_test", "runbook_url", "runbook",
    ], StringComparer.Ordinal);

    private static readonly string[] SubjectLabels = ["instance", "pod", "node", "host", "hostname", "service", "deployment", "statefulset", "daemonset", "device", "mountpoint", "topic", "queue", "database", "datname"];

    private enum Field : byte
    {
        AlertName,
        Job,
        Labels,
        Summary,
        Description,
    }

    private static readonly string[] FieldNames = ["alertname", "job", "labels", "summary", "description"];

    private struct Hit
    {
        public int TermId;
        public Field Field;
        public AlertCategory Category;
        public double Score;
    }

    public AlertClassification Classify(AlertData alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = alert.Labels ?? EmptyMap;
        var annotations = alert.Annotations ?? EmptyMap;
        if (!ReferenceEquals(labels, alert.Labels) || !ReferenceEquals(annotations, alert.Annotations))
        {
            alert = alert with { Labels = labels, Annotations = annotations };
        }

        var alertName = NullIfBlank(labels.GetValueOrDefault("alertname"))?.Trim();
        var summaryText = NullIfBlank(annotations.GetValueOrDefault("summary")) ?? NullIfBlank(annotations.GetValueOrDefault("message"));
        var description = NullIfBlank(annotations.GetValueOrDefault("description"));
        var runbook = NullIfBlank(annotations.GetValueOrDefault("runbook_url")) ?? NullIfBlank(annotations.GetValueOrDefault("runbook"));

        // Category evidence.
        Span<double> scores = stackalloc double[CategoryCount];
        Span<double> fieldTotals = stackalloc double[CategoryCount * FieldNames.Length];
        Span<double> fieldSum = stackalloc double[CategoryCount];
        Span<double> fieldMax = stackalloc double[CategoryCount];
        Span<ulong> seen = stackalloc ulong[(CategoryVocabulary.Count + 63) / 64];
        Span<Hit> hits = stackalloc Hit[MaxHits];
        var scorer = new Scorer(scores, fieldTotals, fieldSum, fieldMax, seen, hits);

        var job = labels.GetValueOrDefault("job");
        scorer.JobIsExporter = job is not null && job.Contains("exporter", StringComparison.OrdinalIgnoreCase);
        scorer.ScoreField(alertName, Field.AlertName, AlertNameWeight, camelCase: true, leadBonus: true);
        scorer.ScoreField(job, Field.Job, JobWeight, camelCase: true, leadBonus: false);
        scorer.BeginField(Field.Labels);
        foreach (var (name, value) in labels)
        {
            if (IgnoredLabels.Contains(name))
            {
                continue;
            }
            scorer.ScoreText(name, LabelNameWeight, camelCase: false, leadBonus: false);
            scorer.ScoreText(value, LabelValueWeight, camelCase: true, leadBonus: false);
        }
        scorer.ScoreField(summaryText, Field.Summary, SummaryWeight, camelCase: false, leadBonus: false);
        scorer.ScoreField(description, Field.Description, DescriptionWeight, camelCase: false, leadBonus: false);
        scorer.EndField();

        var (best, runnerUp) = Rank(scores);
        string? ruleNote = null;
        if (best == AlertCategory.Infrastructure
            && scorer.FieldScore(Field.AlertName, AlertCategory.Storage) >= StorageResourceInNameThreshold)
        {
            // "HostOutOfInodes", "WindowsServerDiskSpaceUsage": the machine is the platform, the disk the subject.
            (best, runnerUp) = (AlertCategory.Storage, AlertCategory.Infrastructure);
            ruleNote = "the alert name names a disk, filesystem or volume of a host or cloud platform: storage";
        }
        var noiseReason = NoiseRules.Why(alert, alertName);
        var hasEvidence = scores[(int)best] > 0;
        var category = hasEvidence ? best : noiseReason is not null ? AlertCategory.Observability : DefaultCategory;

        // Severity.
        Severity severity;
        string severityBasis;
        if (noiseReason is not null)
        {
            severity = Severity.Noise;
            severityBasis = "noise: " + noiseReason;
        }
        else
        {
            (severity, severityBasis) = SeverityRules.Resolve(alert, alertName, summaryText);
        }

        var confidence = noiseReason is not null
            ? MaxConfidence
            : hasEvidence ? Confidence(Math.Max(scores[(int)best], scores[(int)runnerUp]), Math.Min(scores[(int)best], scores[(int)runnerUp])) : NoEvidenceConfidence;

        return new AlertClassification
        {
            Severity = severity,
            Category = category,
            Confidence = Math.Round(confidence, 3),
            Summary = Summarize(alert, alertName, summaryText),
            Reasoning = Reason(scorer.Hits, scores, category, runnerUp, hasEvidence, ruleNote, severityBasis),
            Recommendations = Recommendations.For(category, noiseReason is not null, runbook),
            Source = ClassificationSource.Rules,
        };
    }

    private static readonly int CategoryCount = Enum.GetValues<AlertCategory>().Length;

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = FrozenDictionary<string, string>.Empty;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The best and second-best categories; ties go to the earlier category in taxonomy order.</summary>
    private static (AlertCategory Best, AlertCategory RunnerUp) Rank(ReadOnlySpan<double> scores)
    {
        var best = 0;
        var second = -1;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                second = best;
                best = i;
            }
            else if (second < 0 || scores[i] > scores[second])
            {
                second = i;
            }
        }
        return ((AlertCategory)best, (AlertCategory)Math.Max(second, 0));
    }

    /// <summary>
    /// Margin over the runner-up (0 when tied, 1 when unopposed), tempered by how much evidence there
    /// is at all (a lone weak word is not a certainty), mapped onto [0.35, 0.95].
    /// </summary>
    internal static double Confidence(double best, double runnerUp)
    {
        if (best <= 0)
        {
            return NoEvidenceConfidence;
        }
        var margin = (best - runnerUp) / best;
        var strength = best / (best + 6.0);
        var confidence = MinConfidence + (MaxConfidence - MinConfidence) * margin * (0.4 + 0.6 * strength);
        return Math.Clamp(confidence, MinConfidence, MaxConfidence);
    }

    private static string Summarize(AlertData alert, string? alertName, string? summaryText)
    {
        if (summaryText is not null)
        {
            return OneLine(summaryText);
        }
        var builder = new StringBuilder(96);
        builder.Append(alertName ?? "Unnamed alert");
        builder.Append(string.Equals(alert.Status, "resolved", StringComparison.OrdinalIgnoreCase) ? " resolved" : " firing");
        foreach (var name in SubjectLabels)
        {
            if (alert.Labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                builder.Append(" on ").Append(name).Append(' ').Append(value.Trim());
                break;
            }
        }
        if (alert.Labels.TryGetValue("namespace", out var ns) && !string.IsNullOrWhiteSpace(ns))
        {
            builder.Append(" in namespace ").Append(ns.Trim());
        }
        if (alert.Labels.TryGetValue("job", out var job) && !string.IsNullOrWhiteSpace(job))
        {
            builder.Append(" (job ").Append(job.Trim()).Append(')');
        }
        return OneLine(builder.ToString());
    }

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, SummaryMaxLength));
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }
            pendingSpace = false;
            builder.Append(c);
            if (builder.Length >= SummaryMaxLength)
            {
                builder.Length = SummaryMaxLength - 1;
                builder.Append('…');
                break;
            }
        }
        return builder.ToString();
    }

    private static string Reason(ReadOnlySpan<Hit> hits, ReadOnlySpan<double> scores, AlertCategory category, AlertCategory runnerUp, bool hasEvidence, string? ruleNote, string severityBasis)
    {
        var builder = new StringBuilder(160);
        var wire = category.ToWire();
        if (!hasEvidence)
        {
            builder.Append("no known words in the alert's name, labels or annotations; ").Append(wire).Append(" by default");
        }
        else
        {
            var parts = 0;
            for (var field = 0; field < FieldNames.Length; field++)
            {
                var written = 0;
                foreach (ref readonly var hit in hits)
                {
                    if ((int)hit.Field != field || hit.Category != category)
                    {
                        continue;
                    }
                    if (written == 4)
                    {
                        builder.Append(",…");
                        break;
                    }
                    if (written == 0)
                    {
                        builder.Append(parts++ == 0 ? "" : "; ").Append(FieldNames[field]).Append(field == (int)Field.AlertName ? " tokens " : " ");
                    }
                    else
                    {
                        builder.Append(',');
                    }
                    builder.Append('\'').Append(CategoryVocabulary.TermText(hit.TermId)).Append('\'');
                    written++;
                }
            }
            builder.Append(" → ").Append(wire);
            builder.Append(CultureInfo.InvariantCulture, $" (score {scores[(int)category]:0.#}");
            if (scores[(int)runnerUp] > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"; runner-up {runnerUp.ToWire()} {scores[(int)runnerUp]:0.#}");
            }
            builder.Append(')');
            if (ruleNote is not null)
            {
                builder.Append("; ").Append(ruleNote);
            }
        }
        builder.Append(". Severity: ").Append(severityBasis).Append('.');
        return builder.ToString();
    }

    /// <summary>
    /// Accumulates evidence for one alert on the stack. Within a field, the strongest word for a
    /// category counts fully and every further word for it at half weight: "SSL certificate
    /// expired" is one concept in three words, not three times the evidence of "Envoy".
    /// </summary>
    private ref struct Scorer
    {
        private const double FurtherWordFactor = 0.5;

        private readonly Span<double> _scores;
        private readonly Span<double> _fieldTotals;
        private readonly Span<double> _fieldSum;
        private readonly Span<double> _fieldMax;
        private readonly Span<ulong> _seen;
        private readonly Span<Hit> _hits;
        private int _hitCount;
        private Field _field;
        private bool _open;

        public Scorer(Span<double> scores, Span<double> fieldTotals, Span<double> fieldSum, Span<double> fieldMax, Span<ulong> seen, Span<Hit> hits)
        {
            _scores = scores;
            _fieldTotals = fieldTotals;
            _fieldSum = fieldSum;
            _fieldMax = fieldMax;
            _seen = seen;
            _hits = hits;
            _hitCount = 0;
            _field = Field.AlertName;
            _open = false;
        }

        public readonly ReadOnlySpan<Hit> Hits => _hits[.._hitCount];

        /// <summary>Whether the job names an exporter, where "prometheus" is packaging, not the subject.</summary>
        public bool JobIsExporter { get; set; }

        /// <summary>The score a field gave a category.</summary>
        public readonly double FieldScore(Field field, AlertCategory category) => _fieldTotals[(int)field * CategoryCount + (int)category];

        /// <summary>Starts a field: a word counts once per field.</summary>
        public void BeginField(Field field)
        {
            EndField();
            _seen.Clear();
            _field = field;
            _open = true;
        }

        /// <summary>Adds the open field's evidence to the scores.</summary>
        public void EndField()
        {
            if (!_open)
            {
                return;
            }
            for (var i = 0; i < _scores.Length; i++)
            {
                var contribution = _fieldMax[i] + FurtherWordFactor * (_fieldSum[i] - _fieldMax[i]);
                _scores[i] += contribution;
                _fieldTotals[(int)_field * CategoryCount + i] += contribution;
            }
            _fieldSum.Clear();
            _fieldMax.Clear();
            _open = false;
        }

        public void ScoreField(string? text, Field field, double weight, bool camelCase, bool leadBonus)
        {
            BeginField(field);
            ScoreText(text, weight, camelCase, leadBonus);
        }

        public void ScoreText(ReadOnlySpan<char> text, double weight, bool camelCase, bool leadBonus)
        {
            if (text.IsEmpty)
            {
                return;
            }
            Span<char> current = stackalloc char[MaxWordLength];
            Span<char> previous = stackalloc char[MaxWordLength];
            Span<char> joined = stackalloc char[MaxWordLength * 2];
            var previousLength = 0;
            var wordIndex = -1;
            var leadWord = leadBonus ? -2 : int.MinValue; // -2: not yet found; int.MinValue: no bonus at all

            var words = new WordEnumerator(text, camelCase);
            while (words.MoveNext())
            {
                wordIndex++;
                var word = words.Current;
                if (!words.Adjacent)
                {
                    previousLength = 0;
                }
                var length = WordEnumerator.ToLower(word, current);
                if (length == 0)
                {
                    previousLength = 0;
                    continue;
                }
                var lower = current[..length];
                var matched = false;

                // The first word of the alert name that matches anything names its subject.
                var isLead = leadWord == -2;
                var joinedWithLead = leadWord >= 0 && leadWord == wordIndex - 1;

                if (previousLength > 0)
                {
                    previous[..previousLength].CopyTo(joined);
                    lower.CopyTo(joined[previousLength..]);
                    if (CategoryVocabulary.TryGetWord(joined[..(previousLength + length)], out var compound))
                    {
                        matched |= Add(compound, weight, isLead || joinedWithLead);
                    }
                }
                if (CategoryVocabulary.TryGetWord(lower, out var term))
                {
                    matched |= Add(term, weight, isLead);
                }
                else if (!camelCase && WordEnumerator.HasInnerCaseChange(word))
                {
                    // "ThanosCompact" in prose: split it like an alert name.
                    ScoreText(word, weight, camelCase: true, leadBonus: false);
                }
                else if (word.Length >= 4 && WordEnumerator.IsUpperRun(word))
                {
                    matched |= ScoreAcronymRun(lower, weight, isLead);
                }

                if (matched && leadWord == -2)
                {
                    leadWord = wordIndex;
                }
                lower.CopyTo(previous);
                previousLength = length;
            }
        }

        /// <summary>"IPMISEL" or "AWSRDS": peel known prefixes off an upper-case run.</summary>
        private bool ScoreAcronymRun(scoped ReadOnlySpan<char> lower, double weight, bool lead)
        {
            var matched = false;
            var rest = lower;
            while (rest.Length >= 2)
            {
                if (CategoryVocabulary.TryGet(rest, out var whole))
                {
                    matched |= Add(whole, weight, lead && !matched);
                    break;
                }
                var found = false;
                for (var cut = rest.Length - 1; cut >= 2; cut--)
                {
                    if (CategoryVocabulary.TryGet(rest[..cut], out var prefix))
                    {
                        matched |= Add(prefix, weight, lead && !matched);
                        rest = rest[cut..];
                        found = true;
                        break;
                    }
                }
                if (!found)
                {
                    break;
                }
            }
            return matched;
        }

        /// <summary>Product words get the lead bonus; generic words ("Host…") do not.</summary>
        private const double LeadMinimumWeight = 2.5;

        private bool Add(VocabularyTerm term, double weight, bool lead)
        {
            if (_field == Field.Job && JobIsExporter && term.Term is "prometheus")
            {
                return false;
            }
            ref var bits = ref _seen[term.Id >> 6];
            var mask = 1UL << (term.Id & 63);
            if ((bits & mask) != 0)
            {
                return true;
            }
            bits |= mask;
            foreach (var evidence in term.Weights)
            {
                var score = evidence.Weight * weight * (lead && evidence.Weight >= LeadMinimumWeight ? LeadWordBonus : 1.0);
                var index = (int)evidence.Category;
                _fieldSum[index] += score;
                _fieldMax[index] = Math.Max(_fieldMax[index], score);
                if (_hitCount < _hits.Length)
                {
                    _hits[_hitCount++] = new Hit { TermId = term.Id, Field = _field, Category = evidence.Category, Score = score };
                }
            }
            return true;
        }
    }
}
