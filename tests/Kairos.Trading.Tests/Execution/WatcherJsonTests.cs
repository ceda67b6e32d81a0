using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class WatcherJsonTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    private static readonly DateTimeOffset WedOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_watcher_kind_round_trips()
    {
        var f = new WatcherFactory("run7", new WatcherSettings());
        Watcher[] watchers =
        [
            f.Entry(Btc, OrderSide.Buy, StrategyKind.MaxDiff, 95_000.5m, 0.123m, WedOpen, forceImmediate: true) with
            {
                Step = 2, LiveClientOrderId = "run7-btcusd-b-entry-2611181500-2", FundsRetryUsed = true, FilledQuantity = 0.05m, Reason = "placed",
            },
            f.Exit(Aapl, OrderSide.Sell, StrategyKind.PctDiff, 101.25m, WedOpen) with { SawPosition = true, Failures = 2 },
            f.Ramp(Aapl, OrderSide.Sell, StrategyKind.Simple, 7m, WedOpen) with { State = WatcherState.Completed },
            f.Backout(Aapl, OrderSide.Buy, StrategyKind.HighLow, WedOpen.ToOffset(TimeSpan.FromHours(-5))) with { State = WatcherState.Failed, Reason = "5 consecutive rejections" },
        ];

        var json = WatcherJson.Serialize(watchers);
        var back = WatcherJson.Deserialize(json);

        Assert.Equal(watchers, back);
        Assert.Equal(watchers.Select(w => w.GetType()), back.Select(w => w.GetType()));
        Assert.Contains("\"kind\": \"entry\"", json, StringComparison.Ordinal);
        Assert.Contains("\"symbol\": \"BTCUSD\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"Completed\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(watchers[3], WatcherJson.DeserializeOne(WatcherJson.Serialize(watchers[3])));
    }
}
