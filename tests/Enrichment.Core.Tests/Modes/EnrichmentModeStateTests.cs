using Enrichment.Core.Modes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Modes;

public class EnrichmentModeStateTests
{
    private static EnrichmentModeState State(IEnrichmentModeStore store, string? configured = null) =>
        new(store, Options.Create(new EnrichmentOptions { Mode = configured }), NullEnrichmentMetrics.Instance, NullLogger<EnrichmentModeState>.Instance);

    [Fact]
    public void Starts_transparent_by_default_and_from_the_environment_when_set()
    {
        Assert.Equal(new ModeSetting(EnrichmentMode.Transparent, "default"), State(new InMemoryModeStore()).Current);
        Assert.Equal(new ModeSetting(EnrichmentMode.Enriched, "env"), State(new InMemoryModeStore(), "enriched").Current);
    }

    [Fact]
    public async Task A_stored_mode_wins_over_the_environment()
    {
        var store = new InMemoryModeStore();
        await store.WriteAsync(EnrichmentMode.TransparentWithRecommendations, default);
        var state = State(store, "enriched");

        await state.RefreshAsync(default);

        Assert.Equal(new ModeSetting(EnrichmentMode.TransparentWithRecommendations, "memory"), state.Current);
    }

    [Fact]
    public async Task Keeps_the_last_known_mode_while_the_store_is_unreachable()
    {
        var store = new FlakyStore();
        var state = State(store);
        await state.SetAsync(EnrichmentMode.Enriched, default);

        store.Down = true;
        await state.RefreshAsync(default);

        Assert.Equal(EnrichmentMode.Enriched, state.Current.Mode);
        Assert.False(state.StoreReachable);

        store.Down = false;
        await state.RefreshAsync(default);
        Assert.True(state.StoreReachable);
    }

    [Theory]
    [InlineData("transparent", EnrichmentMode.Transparent)]
    [InlineData("ENRICHED", EnrichmentMode.Enriched)]
    [InlineData(" transparent_with_recommendations ", EnrichmentMode.TransparentWithRecommendations)]
    public void Parses_mode_names(string name, EnrichmentMode mode)
    {
        Assert.True(EnrichmentModes.TryParse(name, out var parsed));
        Assert.Equal(mode, parsed);
        Assert.False(EnrichmentModes.TryParse("enrich", out _));
    }

    private sealed class FlakyStore : IEnrichmentModeStore
    {
        private readonly InMemoryModeStore _inner = new();

        public bool Down { get; set; }

        public string Name => "redis";

        public Task<EnrichmentMode?> ReadAsync(CancellationToken cancellationToken) =>
            Down ? throw new TimeoutException("store down") : _inner.ReadAsync(cancellationToken);

        public Task WriteAsync(EnrichmentMode mode, CancellationToken cancellationToken) =>
            Down ? throw new TimeoutException("store down") : _inner.WriteAsync(mode, cancellationToken);
    }
}
