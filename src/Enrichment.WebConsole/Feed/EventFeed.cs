using System.Text.Json;
using System.Threading.Channels;
using Enrichment.Contracts;
using Microsoft.Extensions.Options;

namespace Enrichment.WebConsole.Feed;

/// <summary>One event of the feed: its place in this gateway's sequence and its contract JSON, serialised once.</summary>
internal sealed record FeedEntry(long Sequence, string Json);

/// <summary>
/// The enriched events this gateway has seen, for the open consoles: the most recent <c>GATEWAY_CONSOLE_FEED_SIZE</c> in a
/// ring (a page that opens late starts from them) and a bounded queue per open page. A page that reads too slowly loses
/// its oldest unsent events, never holds up the others or the bus.
/// </summary>
internal sealed class EventFeed(IOptions<ConsoleOptions> options)
{
    /// <summary>Events waiting for one page before its oldest are dropped.</summary>
    public const int PerPageBacklog = 1000;

    private readonly int _capacity = options.Value.ConsoleFeedSize;
    private readonly Lock _gate = new();
    private readonly Queue<FeedEntry> _recent = new();
    private readonly List<Channel<FeedEntry>> _pages = [];
    private long _sequence;

    public int OpenPages
    {
        get { lock (_gate) { return _pages.Count; } }
    }

    public void Add(IEnumerable<AlertEnriched> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        // Serialised outside the lock: the contract's JSON, exactly what a webhook receives.
        var documents = events.Select(e => JsonSerializer.Serialize(e, EnrichmentJson.Options)).ToList();
        lock (_gate)
        {
            foreach (var json in documents)
            {
                var entry = new FeedEntry(++_sequence, json);
                _recent.Enqueue(entry);
                while (_recent.Count > _capacity)
                {
                    _recent.Dequeue();
                }
                foreach (var page in _pages)
                {
                    page.Writer.TryWrite(entry);
                }
            }
        }
    }

    /// <summary>The recent events after <paramref name="after"/>, and every event from now on until the subscription is disposed.</summary>
    public FeedSubscription Subscribe(long after)
    {
        var channel = Channel.CreateBounded<FeedEntry>(new BoundedChannelOptions(PerPageBacklog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            var backlog = _recent.Where(e => e.Sequence > after).ToList();
            _pages.Add(channel);
            return new FeedSubscription(backlog, channel.Reader, () =>
            {
                lock (_gate)
                {
                    _pages.Remove(channel);
                }
            });
        }
    }
}

internal sealed class FeedSubscription(IReadOnlyList<FeedEntry> backlog, ChannelReader<FeedEntry> live, Action unsubscribe) : IDisposable
{
    public IReadOnlyList<FeedEntry> Backlog { get; } = backlog;

    public ChannelReader<FeedEntry> Live { get; } = live;

    public void Dispose() => unsubscribe();
}
