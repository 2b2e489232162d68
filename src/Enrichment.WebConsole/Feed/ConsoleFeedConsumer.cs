using Enrichment.Contracts;
using MassTransit;

namespace Enrichment.WebConsole.Feed;

/// <summary>Takes the workers' copies of enriched events (see <see cref="EnrichedEventsCopy"/>) into the feed.</summary>
internal sealed class ConsoleFeedConsumer(EventFeed feed) : IConsumer<EnrichedEventsCopy>
{
    public Task Consume(ConsumeContext<EnrichedEventsCopy> context)
    {
        feed.Add(context.Message.Events ?? []);
        return Task.CompletedTask;
    }
}
