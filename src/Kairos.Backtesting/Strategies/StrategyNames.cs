namespace Kairos.Backtesting.Strategies;

/// <summary>The stable names used in reports, JSON and the database (the Python bot's names).</summary>
public static class StrategyNames
{
    public static IReadOnlyList<StrategyKind> All { get; } = Enum.GetValues<StrategyKind>();

    /// <summary>Strategies the trading cycle may pick (buy-and-hold is a benchmark, unprofit-shutdown is never traded).</summary>
    public static IReadOnlyList<StrategyKind> Tradable { get; } =
    [
        StrategyKind.MaxDiff, StrategyKind.MaxDiffAlwaysOn, StrategyKind.PctDiff, StrategyKind.Simple,
        StrategyKind.AllSignals, StrategyKind.HighLow, StrategyKind.TakeProfit,
    ];

    public static string Name(this StrategyKind kind) => kind switch
    {
        StrategyKind.MaxDiff => "maxdiff",
        StrategyKind.MaxDiffAlwaysOn => "maxdiffalwayson",
        StrategyKind.PctDiff => "pctdiff",
        StrategyKind.Simple => "simple",
        StrategyKind.AllSignals => "all_signals",
        StrategyKind.HighLow => "highlow",
        StrategyKind.TakeProfit => "takeprofit",
        StrategyKind.BuyAndHold => "buy_hold",
        StrategyKind.UnprofitShutdown => "unprofit_shutdown",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static StrategyKind Parse(string name)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }
        }

        throw new ArgumentException($"Unknown strategy '{name}'. Known: {string.Join(", ", All.Select(k => k.Name()))}.", nameof(name));
    }
}
