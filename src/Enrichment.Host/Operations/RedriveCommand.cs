using Enrichment.ServiceDefaults.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Enrichment.Host.Operations;

/// <summary>
/// <c>Enrichment.Host redrive &lt;queue&gt;</c>: moves the messages of an <c>_error</c> queue back to the
/// queue they failed on, once the cause is fixed. It needs nothing but the image and <c>RABBITMQ_URL</c>
/// (no shovel plug-in, no management API): <c>kubectl exec deploy/…-notifier -- dotnet Enrichment.Host.dll
/// redrive enrichment-notify-webhook-…_error</c>.
/// <para>
/// Each message is taken with <c>basic.get</c>, published to its queue through the default exchange — so
/// only that queue gets it: a target's replay reaches that target alone — as <c>mandatory</c> and with a
/// publisher confirm, and only then acknowledged: a crash in between leaves a copy in both queues, never
/// in none. Only the messages present at the start are moved, so one that faults again on the way is not
/// cycled for ever. MassTransit's fault headers (<c>MT-Fault-*</c>, <c>MT-Reason</c>) are dropped: a
/// message that faults again gets fresh ones.
/// </para>
/// </summary>
public static class RedriveCommand
{
    public const string Name = "redrive";
    private const string ErrorSuffix = "_error";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (arguments.Count != 1 || string.IsNullOrWhiteSpace(arguments[0]) || arguments[0].StartsWith('-'))
        {
            await error.WriteLineAsync("usage: Enrichment.Host redrive <queue>_error   (moves its messages back to <queue>; RABBITMQ_URL names the broker and virtual host)");
            return 2;
        }
        var (source, destination) = Queues(arguments[0].Trim());
        var url = new ConfigurationBuilder().AddEnvironmentVariables().Add(new EnvironmentAliasesSource()).Build()["RabbitMq:Url"];
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            // The URL may carry a password: never echo it.
            await error.WriteLineAsync("RABBITMQ_URL must be set to the broker's amqp:// or amqps:// URL (with the virtual host of the queues).");
            return 2;
        }
        try
        {
            var moved = await MoveAsync(uri, source, destination, cancellationToken);
            await output.WriteLineAsync($"Moved {moved} messages from {source} to {destination}.");
            return 0;
        }
        catch (Exception ex) when (ex is OperationInterruptedException or BrokerUnreachableException or PublishException or AlreadyClosedException)
        {
            await error.WriteLineAsync($"redrive {source} → {destination} failed: {Describe(ex)}");
            return 1;
        }
    }

    /// <summary><c>x_error</c> → (<c>x_error</c>, <c>x</c>); <c>x</c> → (<c>x_error</c>, <c>x</c>).</summary>
    public static (string Source, string Destination) Queues(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return queue.EndsWith(ErrorSuffix, StringComparison.Ordinal) && queue.Length > ErrorSuffix.Length
            ? (queue, queue[..^ErrorSuffix.Length])
            : (queue + ErrorSuffix, queue);
    }

    private static async Task<uint> MoveAsync(Uri url, string source, string destination, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = url, ClientProvidedName = "enrichment-redrive" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        // Both must exist: a destination that does not (its notifier never ran here) would make every message unroutable.
        var present = (await channel.QueueDeclarePassiveAsync(source, cancellationToken)).MessageCount;
        await channel.QueueDeclarePassiveAsync(destination, cancellationToken);
        uint moved = 0;
        while (moved < present)
        {
            var message = await channel.BasicGetAsync(source, autoAck: false, cancellationToken);
            if (message is null)
            {
                break;
            }
            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
            {
                foreach (var fault in headers.Keys.Where(IsFaultHeader).ToList())
                {
                    headers.Remove(fault);
                }
            }
            // Confirmed (and, being mandatory, routed) before the original is acknowledged.
            await channel.BasicPublishAsync("", destination, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }

    private static bool IsFaultHeader(string name) =>
        name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    private static string Describe(Exception ex) => ex switch
    {
        OperationInterruptedException { ShutdownReason: { ReplyCode: 404 } reason } => reason.ReplyText,
        BrokerUnreachableException => "the broker in RABBITMQ_URL cannot be reached (check the host, credentials and virtual host)",
        PublishException { IsReturn: true } => "a message could not be routed to the destination queue",
        _ => ex.Message,
    };
}
