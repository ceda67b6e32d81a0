using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading;
using Kairos.Trading.Reporting;
using Kairos.Trading.State;

namespace Kairos.Cli.Tests;

/// <summary>
/// A small run for the report writers: equity 100 → 110 → 104.5 → 114.95 at four day ends, two closed trades (one
/// with a reason full of markup), one open position and a few decisions.
/// </summary>
internal static class SimulationReportSample
{
    public static readonly DateTimeOffset Day1 = new(2024, 3, 4, 21, 0, 0, TimeSpan.Zero);

    public const string NastyReason = "stop <script>alert(\"x\")</script> & 'quotes'";

    public static SimulationReportData Build()
    {
        var aapl = new Instrument("AAPL", AssetClass.Equity);
        var tsla = new Instrument("TSLA", AssetClass.Equity);
        IReadOnlyList<EquitySnapshot> curve =
        [
            new(Day1, 100m, 100m, 0m, new Dictionary<string, decimal>()),
            new(Day1.AddDays(1), 60m, 110m, 50m, new Dictionary<string, decimal> { ["AAPL"] = 50m }),
            new(Day1.AddDays(2), 44.5m, 104.5m, 60m, new Dictionary<string, decimal> { ["AAPL"] = 20m, ["TSLA"] = 40m }),
            new(Day1.AddDays(3), 84.95m, 114.95m, 30m, new Dictionary<string, decimal> { ["TSLA"] = 30m }),
        ];
        IReadOnlyList<ClosedTrade> trades =
        [
            new(aapl, OrderSide.Buy, StrategyKind.MaxDiff, 1m, 100m, 110.5m, Day1.AddHours(1), Day1.AddDays(2).AddHours(-6), 10m, 0.5m, "take-profit"),
            new(tsla, OrderSide.Sell, StrategyKind.PctDiff, 2m, 50m, 52.25m, Day1.AddDays(1).AddHours(-5), Day1.AddDays(2).AddHours(-4.5), -1234.5m, 0.25m, NastyReason),
        ];
        var positions = new[] { new StoredPosition(tsla, 1m, 25m, StrategyKind.Simple, Day1.AddDays(2)) };
        var run = new RunRecord(7, TradingMode.Simulate, "simulated", Day1, "{}", 11, RunStatus.Completed, Day1.AddDays(3));
        return new SimulationReportData
        {
            Run = run,
            Settings = [new ReportSetting("symbols", "AAPL, TSLA"), new ReportSetting("note", "a < b & c")],
            PeriodStart = curve[0].At,
            PeriodEnd = curve[^1].At,
            Performance = TradingPerformance.Compute(curve, trades, positions, new RunCosts(0.75m, 0.12m), 252),
            EquityCurve = curve,
            Drawdown = TradingPerformance.DrawdownSeries(curve),
            Positions = [new PositionSeries("AAPL", [0m, 50m, 20m, 0m]), new PositionSeries("TSLA", [0m, 0m, 40m, 30m])],
            ClosedTrades = trades,
            Decisions = new Dictionary<DecisionAction, int> { [DecisionAction.Enter] = 3, [DecisionAction.Skip] = 5 },
        };
    }
}
