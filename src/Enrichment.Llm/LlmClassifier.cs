using System.Net;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Feedback;
using Enrichment.Llm.Answers;
using Enrichment.Llm.Prompting;
using Enrichment.Llm.Providers;
using Enrichment.Llm.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Enrichment.Llm;

/// <summary>
/// The BYOK classifier: the user's model, through one resilient pipeline, K alerts per call. Returns
/// one answer per alert and never throws for a failed call or a bad item: those become
/// <see cref="ClassifierAnswer.Failed"/> with the contract's <c>degradedReason</c>, and the chain answers
/// them with the rules. It takes the service's memory (<see cref="IMemoryAwareClassifier"/>): each alert's history
/// class and recent corrections go into the prompt.
/// </summary>
public sealed class LlmClassifier : IMemoryAwareClassifier
{
    /// <summary>Rough output tokens one result takes (summary, reasoning, three recommendations).</summary>
    private const int OutputTokensPerAlert = 350;
    private const int OutputTokensOverhead = 200;

    private readonly IChatClient _chat;
    private readonly ResiliencePipeline _pipeline;
    private readonly LlmBudget _budget;
    private readonly PromptBuilder _prompts;
    private readonly AnswerValidator _validator;
    private readonly LlmOptions _options;
    private readonly IEnrichmentMetrics _metrics;
    private readonly ILogger<LlmClassifier> _logger;
    private readonly string _provider;
    private readonly string _model;
    private readonly LlmPrices _prices;
    private volatile bool _structuredOutput;

    public LlmClassifier(IChatClient chat, LlmOptions options, IEnrichmentMetrics metrics, ILogger<LlmClassifier> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chat = chat;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _provider = options.ProviderName;
        _model = options.EffectiveModel;
        var template = PromptTemplate.Load(options.PromptTemplateFile, options.PromptVersion);
        _prompts = new PromptBuilder(template, new Redactor(options.Redaction, options.ExtraRedactionPatterns()), options.MaxFieldLength);
        _validator = new AnswerValidator(_provider, _model, options.ProtectCritical);
        CircuitState = new CircuitBreakerStateProvider();
        _pipeline = LlmResiliencePipeline.Build(options, metrics, CircuitState, time);
        _budget = LlmBudget.For(options, time ?? TimeProvider.System);
        _prices = options.Prices;
        CacheNamespace = LlmCacheNamespace.For(options, template.Version);
        _structuredOutput = options.StructuredOutput;
    }

    public string CacheNamespace { get; }

    /// <summary>The breaker's state, for tests: operators see it as <c>enrichment_circuit_breaker_state</c>.</summary>
    internal CircuitBreakerStateProvider CircuitState { get; }

    public LlmBudget Budget => _budget;

    /// <summary>The provider's name (<c>LLM_PROVIDER</c>), as the events and metrics show it.</summary>
    public string Provider => _provider;

    /// <summary>The model asked, as the events and metrics show it.</summary>
    public string Model => _model;

    public Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return ClassifyAsync(alerts.Select(a => new ClassifierQuestion(a, null)).ToList(), CorrectionExamples.None, cancellationToken);
    }

    public async Task<IReadOnlyList<ClassifierAnswer>> ClassifyAsync(
        IReadOnlyList<ClassifierQuestion> questions,
        CorrectionExamples examples,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(examples);
        var answers = new ClassifierAnswer[questions.Count];
        var chunks = new List<Task>();
        for (var start = 0; start < questions.Count; start += _options.MaxAlertsPerPrompt)
        {
            var offset = start;
            var count = Math.Min(_options.MaxAlertsPerPrompt, questions.Count - start);
            // The pipeline's concurrency limit decides how many of these reach the provider at once.
            chunks.Add(ClassifyChunkAsync(questions, examples.Items, offset, count, answers, cancellationToken));
        }
        await Task.WhenAll(chunks);
        return answers;
    }

    private async Task ClassifyChunkAsync(
        IReadOnlyList<ClassifierQuestion> all,
        IReadOnlyList<CorrectionExample> examples,
        int offset,
        int count,
        ClassifierAnswer[] answers,
        CancellationToken cancellationToken)
    {
        var questions = new ClassifierQuestion[count];
        var alerts = new AlertData[count];
        for (var i = 0; i < count; i++)
        {
            questions[i] = all[offset + i];
            alerts[i] = questions[i].View;
        }
        IReadOnlyList<ClassifierAnswer> chunkAnswers;
        try
        {
            ChatResponse response;
            try
            {
                response = await CallAsync(questions, examples, _structuredOutput, cancellationToken);
            }
            catch (LlmCallException failure) when (_structuredOutput && failure.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            {
                // Older models and some local servers reject a JSON-schema response format with a 400 (vLLM-style
                // servers with a 422). Other 4xx — a wrong URL's 404 — say nothing about the schema.
                // The prompt carries the schema as well, so ask for plain text from now on.
                _structuredOutput = false;
                _logger.LogWarning("Model {Provider}/{Model} rejected the JSON-schema response format; asking for plain JSON from now on", _provider, _model);
                response = await CallAsync(questions, examples, structuredOutput: false, cancellationToken);
            }
            chunkAnswers = Interpret(response, alerts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var reason = DegradedReasonOf(ex);
            if (ex is BrokenCircuitException)
            {
                _metrics.LlmRequest(_provider, _model, LlmOutcome.CircuitOpen);
            }
            else if (ex is BudgetExhaustedException)
            {
                _metrics.LlmRequest(_provider, _model, LlmOutcome.BudgetExhausted);
            }
            // Only our own, status-only message is logged: SDK messages may quote the provider's error body.
            _logger.LogWarning("Model {Provider}/{Model} gave no answer for {Count} alerts ({Reason}): {Failure}",
                _provider, _model, count, reason, SafeMessage(ex));
            chunkAnswers = Enumerable.Repeat(ClassifierAnswer.Failed(reason), count).ToList();
        }
        for (var i = 0; i < count; i++)
        {
            answers[offset + i] = chunkAnswers[i];
        }
    }

    private async Task<ChatResponse> CallAsync(
        IReadOnlyList<ClassifierQuestion> questions,
        IReadOnlyList<CorrectionExample> examples,
        bool structuredOutput,
        CancellationToken cancellationToken)
    {
        var messages = _prompts.Build(questions, examples);
        var maxOutputTokens = Math.Min(_options.MaxOutputTokens, OutputTokensOverhead + (OutputTokensPerAlert * questions.Count));
        // Without a schema, no format at all: "json_object" is rejected by as many servers as a schema is.
        var format = structuredOutput ? ChatResponseFormat.ForJsonSchema(AnswerSchema.Schema, AnswerSchema.Name, AnswerSchema.Description) : null;
        return await SendAsync(messages, maxOutputTokens, format, cancellationToken);
    }

    /// <summary>The prompt builder (redaction, sanitising, marks) that every call to this model uses: classification and digests alike.</summary>
    internal PromptBuilder Prompts => _prompts;

    /// <summary>
    /// One call to the model through the shared pipeline (concurrency limit, retries, circuit breaker, timeout) and the
    /// shared per-minute budgets, counted in the same metrics: an incident digest spends from the same allowance as
    /// classification and trips the same breaker.
    /// </summary>
    internal async Task<ChatResponse> SendAsync(IList<ChatMessage> messages, int maxOutputTokens, ChatResponseFormat? format, CancellationToken cancellationToken)
    {
        maxOutputTokens = Math.Min(_options.MaxOutputTokens, maxOutputTokens);
        var chatOptions = new ChatOptions
        {
            ModelId = _model,
            MaxOutputTokens = maxOutputTokens,
            Temperature = (float?)_options.Temperature,
            ResponseFormat = format,
        };
        // About four characters per token; reserving the output cap too keeps concurrent calls within the budget.
        var estimatedInput = messages.Sum(m => m.Text.Length) / 4;
        var estimatedTokens = estimatedInput + maxOutputTokens;
        var estimatedCost = _prices.Of(estimatedInput, maxOutputTokens);

        return await _pipeline.ExecuteAsync(async attemptToken =>
        {
            var reservation = _budget.IsLimited ? _budget.TryReserve(estimatedTokens, estimatedCost) ?? throw new BudgetExhaustedException() : null;
            var exchange = new HttpExchange();
            HttpExchange.Current = exchange;
            ChatResponse response;
            try
            {
                response = await _chat.GetResponseAsync(messages, chatOptions, attemptToken);
            }
            catch (OperationCanceledException) when (attemptToken.IsCancellationRequested)
            {
                // Ours: LLM_TIMEOUT fired (Polly turns this into a TimeoutRejectedException) or the caller gave up.
                reservation?.Settle(0, 0);
                if (!cancellationToken.IsCancellationRequested)
                {
                    _metrics.LlmRequest(_provider, _model, LlmOutcome.Timeout);
                }
                throw;
            }
            catch (Exception ex)
            {
                reservation?.Settle(0, 0);
                var failure = LlmFailureTranslator.Translate(ex, exchange);
                _metrics.LlmRequest(_provider, _model, OutcomeOf(failure));
                throw failure;
            }
            var input = response.Usage?.InputTokenCount ?? 0;
            var output = response.Usage?.OutputTokenCount ?? 0;
            var reported = input + output > 0;
            // Without reported usage the estimate stands: a budget must not take an unknown spend for none.
            reservation?.Settle(reported ? input + output : estimatedTokens, reported ? _prices.Of(input, output) : estimatedCost);
            if (reported)
            {
                _metrics.LlmCost(_provider, _model, _prices.Of(input, output));
            }
            if (input > 0)
            {
                _metrics.LlmTokens(_provider, _model, "input", input);
            }
            if (output > 0)
            {
                _metrics.LlmTokens(_provider, _model, "output", output);
            }
            return response;
        }, cancellationToken);
    }

    private IReadOnlyList<ClassifierAnswer> Interpret(ChatResponse response, IReadOnlyList<AlertData> alerts)
    {
        var items = AnswerParser.Parse(response.Text, alerts.Count);
        var answers = new ClassifierAnswer[alerts.Count];
        var valid = 0;
        for (var i = 0; i < alerts.Count; i++)
        {
            var classification = items.TryGetValue(i + 1, out var item) ? _validator.Validate(item, alerts[i]) : null;
            if (classification is null)
            {
                answers[i] = ClassifierAnswer.Failed(DegradedReason.InvalidOutput);
            }
            else
            {
                answers[i] = ClassifierAnswer.Answered(classification);
                valid++;
            }
        }
        _metrics.LlmRequest(_provider, _model, valid > 0 ? LlmOutcome.Success : LlmOutcome.InvalidOutput);
        if (valid < alerts.Count)
        {
            _logger.LogWarning("Model {Provider}/{Model} answered {Valid} of {Count} alerts validly; the rules answer the rest (invalid_output)",
                _provider, _model, valid, alerts.Count);
        }
        return answers;
    }

    /// <summary>
    /// <see cref="SendAsync"/> for callers other than classification (incident digests): a failed call is a
    /// <c>degradedReason</c>, counted and logged as classification's are, never an exception.
    /// </summary>
    internal async Task<(ChatResponse? Response, string? DegradedReason)> TrySendAsync(IList<ChatMessage> messages, int maxOutputTokens, string purpose,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await SendAsync(messages, maxOutputTokens, format: null, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            if (ex is BrokenCircuitException)
            {
                _metrics.LlmRequest(_provider, _model, LlmOutcome.CircuitOpen);
            }
            else if (ex is BudgetExhaustedException)
            {
                _metrics.LlmRequest(_provider, _model, LlmOutcome.BudgetExhausted);
            }
            var reason = DegradedReasonOf(ex);
            _logger.LogWarning("Model {Provider}/{Model} gave no {Purpose} ({Reason}): {Failure}", _provider, _model, purpose, reason, SafeMessage(ex));
            return (null, reason);
        }
    }

    /// <summary>Counts a call whose answer was read: <c>success</c> or <c>invalid_output</c>.</summary>
    internal void CountAnswer(bool valid) => _metrics.LlmRequest(_provider, _model, valid ? LlmOutcome.Success : LlmOutcome.InvalidOutput);

    private static string DegradedReasonOf(Exception exception) => exception switch
    {
        BrokenCircuitException => DegradedReason.CircuitOpen,
        TimeoutRejectedException => DegradedReason.Timeout,
        RateLimiterRejectedException => DegradedReason.RateLimited,
        BudgetExhaustedException => DegradedReason.BudgetExhausted,
        LlmCallException { Kind: LlmFailureKind.Timeout } => DegradedReason.Timeout,
        LlmCallException { Kind: LlmFailureKind.RateLimited } => DegradedReason.RateLimited,
        LlmCallException { Kind: LlmFailureKind.MalformedResponse } => DegradedReason.InvalidOutput,
        _ => DegradedReason.Error,
    };

    private static string OutcomeOf(LlmCallException failure) => failure.Kind switch
    {
        LlmFailureKind.Timeout => LlmOutcome.Timeout,
        LlmFailureKind.RateLimited => LlmOutcome.RateLimited,
        LlmFailureKind.Unauthorized or LlmFailureKind.BadRequest => LlmOutcome.Rejected,
        LlmFailureKind.MalformedResponse => LlmOutcome.InvalidOutput,
        _ => LlmOutcome.Error,
    };

    /// <summary>Messages we wrote ourselves or Polly's; anything else is named by type only.</summary>
    private static string SafeMessage(Exception exception) => exception switch
    {
        LlmCallException or BudgetExhaustedException or BrokenCircuitException or TimeoutRejectedException or RateLimiterRejectedException => exception.Message,
        _ => exception.GetType().Name,
    };
}
