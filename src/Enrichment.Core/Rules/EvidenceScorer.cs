using Enrichment.Core.Classification;

namespace Enrichment.Core.Rules;

/// <summary>
/// Accumulates the category evidence of one alert, on the stack. Every known word of a field (see
/// <see cref="CategoryVocabulary"/>) adds its weights times the field's weight. Within a field, the strongest
/// word for a category counts fully and every further word for it at half weight: "SSL certificate
/// expired" is one concept in three words, not three times the evidence of "Envoy".
/// </summary>
internal ref struct EvidenceScorer
{
    private const double FurtherWordFactor = 0.5;
    private const int MaxWordLength = 64;

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
    }

    public readonly ReadOnlySpan<EvidenceHit> Hits => _hits[.._hitCount];

    public readonly ReadOnlySpan<double> Scores => _scores;

    /// <summary>Whether the job names an exporter, where "prometheus" is packaging, not the subject.</summary>
    public bool JobIsExporter { get; set; }

    /// <summary>The score a field gave a category.</summary>
    public readonly double FieldScore(EvidenceField field, AlertCategory category) => _fieldTotals[(int)field * CategoryRanking.CategoryCount + (int)category];

    /// <summary>Starts a field: a word counts once per field.</summary>
    public void BeginField(EvidenceField field)
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

    private bool Add(VocabularyTerm term, double weight, bool lead)
    {
        if (_field == EvidenceField.Job && JobIsExporter && term.Term is "prometheus")
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
