using System.Collections;
using Enrichment.Contracts;
using Enrichment.Core;
using Enrichment.Core.Classification;
using Enrichment.Core.Rules;
using Enrichment.Llm;
using Enrichment.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Evaluate.Replay;

/// <summary>
/// The classification chain a worker runs — the configured model (<c>LLM_*</c>, through the LLM layer's own
/// registration, <see cref="LlmServiceCollectionExtensions.AddEnrichmentLlm"/>), then the rules for whatever it
/// cannot answer — composed without a bus, a cache or a web server. The model sees exactly what it sees in
/// the service: each distinct signature's view, several per prompt; failed answers fall back to the rules
/// with their <c>degradedReason</c>, as in production (<c>LLM_ENABLE_FALLBACK</c>).
/// </summary>
public sealed class ReplayClassifier : IDisposable
{
    private readonly IHost _host;
    private readonly ClassificationService _chain;

    private ReplayClassifier(IHost host, ModelUsage usage, string description)
    {
        _host = host;
        _chain = host.Services.GetRequiredService<ClassificationService>();
        Usage = usage;
        Description = description;
    }

    /// <summary>What answers: <c>rules</c>, or the model's cache namespace (provider/model/prompt version/endpoint).</summary>
    public string Description { get; }

    public ModelUsage Usage { get; }

    /// <param name="rulesOnly">Ignore <c>LLM_ENABLED</c>: measure the rule-based classifier alone.</param>
    /// <param name="variables">The environment to read <c>LLM_*</c> from; the process's own when null.</param>
    /// <param name="log">Where the LLM layer's warnings go (never stdout, which carries the report).</param>
    public static ReplayClassifier Create(bool rulesOnly, IDictionary? variables = null, TextWriter? log = null)
    {
        FlexibleTimeSpanConverter.Register();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (variables is null)
        {
            builder.Configuration.AddEnvironmentVariables();
        }
        ((IConfigurationBuilder)builder.Configuration).Add(new EnvironmentAliasesSource { Variables = variables });
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.AddProvider(new TextWriterLoggerProvider(log));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var usage = new ModelUsage();
        builder.Services.AddSingleton<IEnrichmentMetrics>(new UsageRecordingMetrics(usage));
        builder.Services.AddSingleton<IRuleClassifier, RuleBasedClassifier>();
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        if (!rulesOnly)
        {
            builder.AddEnrichmentLlm();
        }
        builder.Services.AddSingleton<ClassificationService>();

        var host = builder.Build();
        var model = host.Services.GetService<IAlertClassifier>();
        return new ReplayClassifier(host, usage, model is null ? "rules" : "model " + model.CacheNamespace);
    }

    public Task<IReadOnlyList<AlertClassification?>> ClassifyAsync(IReadOnlyList<AlertData> alerts, CancellationToken cancellationToken) =>
        _chain.ClassifyAsync(alerts, cancellationToken);

    public void Dispose() => _host.Dispose();

    /// <summary>One line per warning or error, without the console logger's colours and padding.</summary>
    private sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(writer, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(TextWriter writer, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }
                lock (writer)
                {
                    writer.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
