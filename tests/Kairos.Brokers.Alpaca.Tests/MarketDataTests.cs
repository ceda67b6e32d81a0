using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

public sealed class MarketDataTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);

    [Fact]
    public async Task Stock_bars_are_restamped_to_the_session_date_from_new_york_midnight()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/stocks/bars", 200, AlpacaHarness.Fixture("stock_bars.json"));
        var data = h.NewMarketData();

        var bars = await data.GetBarsAsync(Aapl, new DateOnly(2024, 1, 1), new DateOnly(2024, 7, 31));

        Assert.Equal(
            [
                new Bar(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), 187.15, 188.44, 183.885, 185.64, 82488674),
                new Bar(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), 212.09, 217.51, 211.92, 216.75, 60402929),
            ],
            bars);
        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/v2/stocks/bars", request.Path);
        Assert.Equal("?symbols=AAPL&feed=iex&adjustment=all&timeframe=1Day&start=2024-01-01&end=2024-07-31&limit=10000&sort=asc", request.Query);
    }

    [Fact]
    public async Task Crypto_bars_use_the_slash_symbol_and_both_daily_conventions()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v1beta3/crypto/us/bars", 200, AlpacaHarness.Fixture("crypto_bars.json"));
        var data = h.NewMarketData();

        var bars = await data.GetBarsAsync(Btc, new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31));

        // 06:00Z (Chicago midnight, the old convention) and 00:00Z (the new one) both belong to their UTC date.
        Assert.Equal(
            [
                new Bar(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 61000.5, 63000.25, 60500, 62500.75, 123.456789),
                new Bar(new DateTimeOffset(2025, 8, 1, 0, 0, 0, TimeSpan.Zero), 115000, 116000, 113000.5, 114000.25, 0.000012345),
            ],
            bars);
        Assert.Equal("?symbols=BTC%2FUSD&timeframe=1Day&start=2024-01-01&end=2025-12-31&limit=10000&sort=asc", h.Server.Requests[0].Query);
    }

    [Fact]
    public async Task Bars_follow_next_page_token_until_null()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.BarsPageSize = 2;
        var days = Enumerable.Range(0, 5).Select(i => new FakeBar(new DateTimeOffset(2024, 3, 4 + i, 5, 0, 0, TimeSpan.Zero), 100 + i, 101 + i, 99 + i, 100.5m + i, 1000 + i)).ToList();
        h.Server.SetBars("AAPL", days);
        var data = h.NewMarketData();

        var bars = await data.GetBarsAsync(Aapl, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31));

        Assert.Equal([4, 5, 6, 7, 8], bars.Select(b => b.Date.Day));
        Assert.Equal([100.5, 101.5, 102.5, 103.5, 104.5], bars.Select(b => b.Close));
        var queries = h.Server.Requests.Select(r => r.Query).ToList();
        Assert.Equal(3, queries.Count);
        Assert.DoesNotContain("page_token", queries[0], StringComparison.Ordinal);
        Assert.EndsWith("&page_token=2", queries[1], StringComparison.Ordinal);
        Assert.EndsWith("&page_token=4", queries[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_page_token_stops_with_an_error_instead_of_looping()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/stocks/bars", 200, """{"bars":{"AAPL":[]},"next_page_token":"same"}""");
        var data = h.NewMarketData();

        await Assert.ThrowsAsync<AlpacaException>(() => data.GetBarsAsync(Aapl, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31)));
        Assert.Equal(2, h.Server.Requests.Count);
    }

    [Fact]
    public async Task Latest_stock_quote_maps_bid_ask_and_nanosecond_time_rounded_to_ticks()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v2/stocks/quotes/latest", 200, AlpacaHarness.Fixture("stock_quote.json"));
        var data = h.NewMarketData();

        var quote = await data.GetLatestQuoteAsync(Aapl);

        Assert.Equal(new Quote(Aapl, 190.05m, 190.12m, new DateTimeOffset(2024, 5, 20, 14, 0, 0, TimeSpan.Zero).AddTicks(1_234_568)), quote);
        Assert.Equal("?symbols=AAPL&feed=iex", h.Server.Requests[0].Query);
    }

    [Fact]
    public async Task Latest_crypto_quote_through_the_broker()
    {
        await using var h = await AlpacaHarness.StartAsync();
        h.Server.SetCanned("GET", "/v1beta3/crypto/us/latest/quotes", 200, AlpacaHarness.Fixture("crypto_quote.json"));
        using var broker = h.NewBroker();

        var quote = await broker.GetQuoteAsync(Btc);

        Assert.Equal(new Quote(Btc, 61000.1m, 61010.123456789m, new DateTimeOffset(2024, 5, 20, 14, 0, 1, 500, TimeSpan.Zero)), quote);
        Assert.Equal("?symbols=BTC%2FUSD", h.Server.Requests[0].Query);
    }

    [Fact]
    public async Task No_quote_is_null()
    {
        await using var h = await AlpacaHarness.StartAsync();
        var data = h.NewMarketData();

        Assert.Null(await data.GetLatestQuoteAsync(Aapl));
    }
}
