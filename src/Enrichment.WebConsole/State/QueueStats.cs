using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Enrichment.WebConsole.State;

/// <summary>The queues the console watches: the workers' queue, its error queue, and each notifier target this process knows.</summary>
public sealed record WatchedQueues(IReadOnlyList<string> Names);

/// <summary>One queue as the broker reports it; <see cref="Exists"/> false when nobody has declared it yet.</summary>
internal sealed record QueueView(string Name, bool Exists, uint Messages, uint Consumers);

/// <summary>
/// Depth and consumers of the watched queues, asked of RabbitMQ over AMQP with a passive declare — what the redrive command
/// uses too: no management API or extra credentials, only <c>RABBITMQ_URL</c>. One connection, opened on first use and
/// again after a failure; answers are kept for two seconds, so many open pages cost the broker one question.
/// </summary>
internal sealed class QueueStats(IConfiguration configuration, WatchedQueues watched, TimeProvider time, ILogger<QueueStats> logger) : IAsyncDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private (DateTimeOffset At, IReadOnlyList<QueueView> Queues)? _last;

    public bool OnRabbitMq => Url is not null;

    private Uri? Url => Uri.TryCreate(configuration["RabbitMq:Url"], UriKind.Absolute, out var url) ? url : null;

    /// <summary>Null when the broker could not be asked (the reason is logged once per failure, without the URL).</summary>
    public async Task<IReadOnlyList<QueueView>?> ReadAsync(CancellationToken cancellationToken)
    {
        if (Url is not { } url)
        {
            return null;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.At < Fresh)
            {
                return last.Queues;
            }
            _connection ??= await new ConnectionFactory { Uri = url, ClientProvidedName = "enrichment-console" }.CreateConnectionAsync(cancellationToken);
            var views = new List<QueueView>();
            foreach (var name in watched.Names)
            {
                views.Add(await DeclarePassiveAsync(_connection, name, cancellationToken));
            }
            _last = (time.GetUtcNow(), views);
            return views;
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException or TimeoutException)
        {
            logger.LogWarning("The console could not read queue depths from RabbitMQ: {Error}", ex.GetType().Name);
            await DropConnectionAsync();
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<QueueView> DeclarePassiveAsync(IConnection connection, string name, CancellationToken cancellationToken)
    {
        // A passive declare of a queue that does not exist closes its channel: one channel per question.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(name, cancellationToken);
            return new QueueView(name, true, ok.MessageCount, ok.ConsumerCount);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return new QueueView(name, false, 0, 0);
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await _connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or IOException)
            {
                // Already gone.
            }
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _gate.Dispose();
    }
}
