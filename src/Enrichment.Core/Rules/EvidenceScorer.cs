using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// Accumulates the category evidence of one alert, on the stack. Every known word of a field (see
/// <see cref="CategoryVocabulary"/>) adds its weights times the field's weight. Within a field, the strongest
/// word for a category counts fully and every further word for it at half weight: "SSL certificate
/// expired" is one concept in three words, not three times the evidence of "Envoy".
/// <para>
/// Words are read as the longest known compound first (<c>kube-state-metrics</c>, <c>Load Balancer</c>,
/// <c>My</c>+<c>SQL</c>): a compound's parts are not evidence of their own. Outside the alert name and the metric
/// names a collector's name counts for what it measures (<see cref="VocabularyTerm.MeasuredWeights"/>). The scorer also
/// notes what the alert name and the expression's first metric say the alert is about (<see cref="SubjectKind"/>).
/// </para>
/// </summary>
internal ref struct EvidenceScorer
{
    private const double FurtherWordFactor = 0.5;
    private const int MaxWordLength = 64;
    private const int MaxCompoundWords = 3;
    private const int WordsPerChunk = 48;

    /// <summary>Product words get the lead bonus; generic words ("Host…") do not.</summary>
    private const double LeadMinimumWeight = 2.5;

    private readonly Span<double> _scores;
    private readonly Span<double> _fieldTotals;
    private readonly Span<double> _fieldSum;
    private readonly Span<double> _fieldMax;
    private readonly Span<ulong> _seen;
    private readonly Span<EvidenceHit> _hits;
    private int _hitCount;
    private EvidenceField _field;
    private bool _open;

    /// <summary>Subjects the current text may report (<see cref="SubjectKind"/> bits).</summary>
    private int _subjectFilter;

    /// <summary>The text is the first metric name, exposed by a platform.</summary>
    private bool _platformMetric;

    public EvidenceScorer(Span<double> scores, Span<double> fieldTotals, Span<double> fieldSum, Span<double> fieldMax, Span<ulong> seen, Span<EvidenceHit> hits)
    {
        _scores = scores;
        _fieldTotals = fieldTotals;
        _fieldSum = fieldSum;
        _fieldMax = fieldMax;
        _seen = seen;
        _hits = hits;
        _hitCount = 0;
        _field = EvidenceField.AlertName;
        _open = false;
        _subjectFilter = 0;
        Subjects = 0;
        MeasuredSubjects = 0;
        _platformMetric = false;
    }

    public readonly ReadOnlySpan<EvidenceHit> Hits => _hits[.._hitCount];

    /// <summary>What the alert name and the expression's first metric say the alert is about: <see cref="SubjectKind"/> bits.</summary>
    public int Subjects { get; private set; }

    /// <summary>What the expression's first metric measures, when a platform exposes it (<c>kubelet_volume_stats_…</c>): <see cref="SubjectKind"/> bits.</summary>
    public int MeasuredSubjects { get; private set; }

    /// <summary>Whether the job names an exporter, where "prometheus" is packaging, not the subject.</summary>
    public bool JobIsExporter { get; set; }

    public readonly bool HasSubject(SubjectKind kind) => (Subjects & (1 << (int)kind)) != 0;

    public readonly bool Measures(SubjectKind kind) => (MeasuredSubjects & (1 << (int)kind)) != 0;

    /// <summary>The score a field gave a category.</summary>
    public readonly double FieldScore(EvidenceField field, AlertCategory category) => _fieldTotals[(int)field * CategoryRanking.CategoryCount + (int)category];

    /// <summary>Whether the open field's words point to <paramref name="category"/> or to nothing, and to no other category.</summary>
    public readonly bool OpenFieldPointsOnlyTo(AlertCategory category)
    {
        for (var i = 0; i < _fieldSum.Length; i++)
        {
            if (i != (int)category && _fieldSum[i] > 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Adds evidence that no single word carries (a rule's), to the open field.</summary>
    public void AddToField(AlertCategory category, double score)
    {
        _fieldSum[(int)category] += score;
        _fieldMax[(int)category] = Math.Max(_fieldMax[(int)category], score);
    }

    /// <summary>Starts a field: a word counts once per field.</summary>
    public void BeginField(EvidenceField field)
    {
        EndField();
        _seen.Clear();
        _field = field;
        _open = true;
        _subjectFilter = field == EvidenceField.AlertName ? AllSubjects : 0;
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
            _fieldTotals[(int)_field * CategoryRanking.CategoryCount + i] += contribution;
        }
        _fieldSum.Clear();
        _fieldMax.Clear();
        _open = false;
    }

    public void ScoreField(string? text, EvidenceField field, double weight, bool camelCase, bool leadBonus)
    {
        BeginField(field);
        ScoreText(text, weight, camelCase, leadBonus);
    }

    public void ScoreText(ReadOnlySpan<char> text, double weight, bool camelCase, bool leadBonus) =>
        Score(text, weight, weight, camelCase, leadBonus, metric: false);

    /// <summary>
    /// One metric name of the expression (open the <see cref="EvidenceField.Expression"/> field first): its first word
    /// names who exposes it (<c>node_</c>, <c>kube_</c>, <c>prometheus_</c>) and weighs <paramref name="prefixWeight"/>,
    /// the rest what it measures. The <paramref name="primary"/> metric (the first) also reports the alert's subject.
    /// </summary>
    public void ScoreMetric(ReadOnlySpan<char> name, double prefixWeight, double wordWeight, bool primary)
    {
        _subjectFilter = 0;
        if (primary)
        {
            _subjectFilter = 1 << (int)SubjectKind.Certificate | 1 << (int)SubjectKind.Access;
            foreach (var prefix in VocabularyRoles.PlatformMetricPrefixes)
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    _subjectFilter |= 1 << (int)SubjectKind.Storage;
                    _platformMetric = true;
                    break;
                }
            }
        }
        Score(name, prefixWeight, wordWeight, camelCase: false, leadBonus: false, metric: true);
        _subjectFilter = 0;
        _platformMetric = false;
    }

    private static int AllSubjects => 1 << (int)SubjectKind.Certificate | 1 << (int)SubjectKind.Access | 1 << (int)SubjectKind.Storage | 1 << (int)SubjectKind.Collector;

    private struct WordSlice
    {
        public int Start;
        public int Length;
        public bool Adjacent;
    }

    /// <param name="firstWeight">The weight of the first word or compound (a metric's prefix); <paramref name="weight"/> for the rest.</param>
    /// <param name="metric">The text is a metric name: its first word may be a <see cref="CategoryVocabulary.TryGetMetricNamespace"/>.</param>
    private void Score(scoped ReadOnlySpan<char> text, double firstWeight, double weight, bool camelCase, bool leadBonus, bool metric)
    {
        if (text.IsEmpty)
        {
            return;
        }
        Span<WordSlice> words = stackalloc WordSlice[WordsPerChunk];
        var enumerator = new WordEnumerator(text, camelCase);
        var unit = 0;
        var leadFound = !leadBonus;
        while (true)
        {
            var count = 0;
            while (count < words.Length && enumerator.MoveNext())
            {
                words[count++] = new WordSlice { Start = enumerator.Start, Length = enumerator.Length, Adjacent = enumerator.Adjacent };
            }
            if (count == 0)
            {
                return;
            }
            ScoreWords(text, words[..count], firstWeight, weight, camelCase, metric, ref unit, ref leadFound);
            if (count < words.Length)
            {
                return;
            }
        }
    }

    private void ScoreWords(scoped ReadOnlySpan<char> text, scoped ReadOnlySpan<WordSlice> words, double firstWeight, double weight, bool camelCase, bool metric, ref int unit, ref bool leadFound)
    {
        Span<char> lower = stackalloc char[MaxWordLength * MaxCompoundWords];
        var i = 0;
        while (i < words.Length)
        {
            var unitWeight = unit == 0 ? firstWeight : weight;
            var isLead = !leadFound;
            var matched = false;
            var consumed = 0;

            // The longest compound first: "kube-state-metrics" is one collector, not Kubernetes plus metrics.
            for (var span = Math.Min(MaxCompoundWords, words.Length - i); span >= 2 && consumed == 0; span--)
            {
                if (!Adjacent(words.Slice(i, span)))
                {
                    continue;
                }
                var length = LowerJoined(text, words.Slice(i, span), lower);
                if (length > 0 && CategoryVocabulary.TryGetWord(lower[..length], out var compound))
                {
                    matched = Add(compound, unitWeight, isLead);
                    consumed = span;
                }
            }
            if (consumed == 0)
            {
                consumed = 1;
                var word = text.Slice(words[i].Start, words[i].Length);
                var length = WordEnumerator.ToLower(word, lower);
                if (length > 0)
                {
                    var lowerWord = lower[..length];
                    if (metric && unit == 0 && CategoryVocabulary.TryGetMetricNamespace(lowerWord, out var prefix))
                    {
                        matched = Add(prefix, unitWeight, lead: false);
                    }
                    else if (CategoryVocabulary.TryGetWord(lowerWord, out var term))
                    {
                        // "sign-ups" is no UPS: in prose such acronyms count only in capitals.
                        matched = camelCase || !term.UpperCaseInProse || WordEnumerator.IsUpperRun(word) ? Add(term, unitWeight, isLead) : false;
                    }
                    else if (!camelCase && WordEnumerator.HasInnerCaseChange(word))
                    {
                        // "ThanosCompact" in prose: split it like an alert name.
                        Score(word, weight, weight, camelCase: true, leadBonus: false, metric: false);
                    }
                    else if (word.Length >= 4 && WordEnumerator.IsUpperRun(word))
                    {
                        matched = ScoreAcronymRun(lowerWord, unitWeight, isLead);
                    }
                }
            }
            leadFound |= matched;
            unit++;
            i += consumed;
        }
    }

    private static bool Adjacent(ReadOnlySpan<WordSlice> words)
    {
        for (var i = 1; i < words.Length; i++)
        {
            if (!words[i].Adjacent)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The words lower-cased and joined; 0 when they do not fit.</summary>
    private static int LowerJoined(ReadOnlySpan<char> text, ReadOnlySpan<WordSlice> words, Span<char> destination)
    {
        var length = 0;
        foreach (var word in words)
        {
            if (word.Length > MaxWordLength)
            {
                return 0;
            }
            length += text.Slice(word.Start, word.Length).ToLowerInvariant(destination[length..]);
        }
        return length;
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

    private bool Add(VocabularyTerm term, double weight, bool lead)
    {
        if (_field == EvidenceField.Job && JobIsExporter && term.Term is "prometheus")
        {
            return false;
        }
        if (term.Subject != SubjectKind.None && (_subjectFilter & (1 << (int)term.Subject)) != 0)
        {
            Subjects |= 1 << (int)term.Subject;
            if (_platformMetric)
            {
                MeasuredSubjects |= 1 << (int)term.Subject;
            }
        }
        ref var bits = ref _seen[term.Id >> 6];
        var mask = 1UL << (term.Id & 63);
        if ((bits & mask) != 0)
        {
            return true;
        }
        bits |= mask;
        // Only the alert name and the metric names speak of a collector itself ("KubeStateMetricsListErrors",
        // kube_state_metrics_list_total); elsewhere its name is the tool that measured — the job, a label, an
        // instance written into the summary — and counts for what it measures.
        var weights = _field is EvidenceField.AlertName or EvidenceField.Expression ? term.Weights : term.MeasuredWeights;
        foreach (var evidence in weights)
        {
            var score = evidence.Weight * weight * (lead && evidence.Weight >= LeadMinimumWeight ? EvidenceFields.LeadWordBonus : 1.0);
            var index = (int)evidence.Category;
            _fieldSum[index] += score;
            _fieldMax[index] = Math.Max(_fieldMax[index], score);
            if (_hitCount < _hits.Length)
            {
                _hits[_hitCount++] = new EvidenceHit { TermId = term.Id, Field = _field, Category = evidence.Category, Score = score };
            }
        }
        return true;
    }
}
