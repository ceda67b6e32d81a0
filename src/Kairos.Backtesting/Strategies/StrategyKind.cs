namespace Kairos.Backtesting.Strategies;

/// <summary>The strategy family of spec §4.3–4.7.</summary>
public enum StrategyKind
{
    /// <summary>Limit entry at the optimised predicted low (long) or high (short), take-profit at the opposite level.</summary>
    MaxDiff,

    /// <summary>Both a long and (equities) a short limit order rest every day at the optimised levels.</summary>
    MaxDiffAlwaysOn,

    /// <summary>Limit entry at an optimised multiple of the predicted level, exit at an optimised percentage target.</summary>
    PctDiff,

    /// <summary>Long if the close is forecast to rise, else short (crypto: flat).</summary>
    Simple,

    /// <summary>Long when close, high and low forecasts all rise; short when all fall (crypto: never); else flat.</summary>
    AllSignals,

    /// <summary>Limit entry at the predicted low (long) or high (short), exit at the close.</summary>
    HighLow,

    /// <summary>Enter at the close, take profit at the predicted high (long) or low (short), else exit at the next close.</summary>
    TakeProfit,

    /// <summary>Long throughout the window: the benchmark.</summary>
    BuyAndHold,

    /// <summary>Follows the forecast sign but stands aside the day after a wrong call. Evaluated, never traded.</summary>
    UnprofitShutdown,
}
