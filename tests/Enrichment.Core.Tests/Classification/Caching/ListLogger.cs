using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Tests.Classification.Caching;

/// <summary>Keeps what was logged at warning or above, to check that an outage is logged once, not per batch.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            Warnings.Enqueue(formatter(state, exception));
        }
    }
}
