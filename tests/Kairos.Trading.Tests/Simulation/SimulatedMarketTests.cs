using Kairos.Core;
using Kairos.Trading.Simulation;
using static Kairos.Trading.Tests.Simulation.SimulationFixtures;

namespace Kairos.Trading.Tests.Simulation;

public class SimulatedMarketTests
{
    private static readonly SimulatedMarket Market = SimulationFixtures.Market(
        Series(Aapl, Daily(3, 5, 100, 110, 90, 105), Daily(3, 6, 105, 106, 101, 102)));

    [Fact]
    public void Last_price_follows_the_path_in_session_and_the_close_outside()
    {
        Assert.Null(Market.LastPrice(Aapl, Utc(3, 5, 14)));
        Assert.Equal(95m, Market.LastPrice(Aapl, Utc(3, 5, 15, 35)));
        Assert.Equal(105m, Market.LastPrice(Aapl, Utc(3, 5, 21)));
        Assert.Equal(105m, Market.LastPrice(Aapl, Utc(3, 6, 9)));
        Assert.Equal(102m, Market.LastPrice(Aapl, Utc(3, 9, 12)));
        Assert.Null(Market.PathAt(Aapl, Utc(3, 5, 22)));
        Assert.NotNull(Market.PathAt(Aapl, Utc(3, 6, 15)));
    }

    [Fact]
    public void Completed_bars_are_those_whose_session_has_closed()
    {
        Assert.Equal(0, Market.CompletedBars(Aapl, Utc(3, 5, 20, 59)).Count);
        Assert.Equal(1, Market.CompletedBars(Aapl, Utc(3, 5, 21)).Count);
        Assert.Equal(1, Market.CompletedBars(Aapl, Utc(3, 6, 20, 59)).Count);
        Assert.Equal(2, Market.CompletedBars(Aapl, Utc(3, 7, 3)).Count);
    }

    [Fact]
    public void Quote_straddles_the_price_by_half_the_assumed_spread()
    {
        // AAPL's assumed spread is 8 bps: 4 bps each side of 105.
        var quote = Market.Quote(Aapl, Utc(3, 5, 22))!;
        Assert.Equal(104.958m, quote.Bid);
        Assert.Equal(105.042m, quote.Ask);
        Assert.Null(Market.Quote(Btc, Utc(3, 5, 22)));
    }

    [Fact]
    public void Intraday_bars_replace_the_daily_path_for_their_session()
    {
        var hourly = new BarSeries(Btc, [new Bar(Utc(3, 5, 0), 100, 104, 100, 104, 1)]);
        var market = new SimulatedMarket([Series(Btc, Daily(3, 5, 100, 110, 90, 105))], intraday: [new IntradaySeries(hourly, TimeSpan.FromHours(1))]);
        Assert.Equal(102m, market.LastPrice(Btc, Utc(3, 5, 0, 30)));
        Assert.Equal(104m, market.LastPrice(Btc, Utc(3, 5, 12)));
    }
}
