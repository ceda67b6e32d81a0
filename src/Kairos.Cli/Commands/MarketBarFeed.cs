using Kairos.Core;
using Kairos.Trading.Cycle;
using Kairos.Trading.Simulation;

namespace Kairos.Cli.Commands;

/// <summary>The simulated market's completed bars as the bot's bar feed (no look-ahead: only sessions closed by now).</summary>
internal sealed class MarketBarFeed(SimulatedMarket market) : IBarFeed
{
    public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now)
    {
        var bars = market.CompletedBars(instrument, now);
        return bars.Count == 0 ? null : bars;
    }
}
