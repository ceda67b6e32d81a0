namespace Kairos.Backtesting.WalkForward;

/// <summary>
/// What the newest data says about the next session: the forecast for the day after the last bar and the order levels
/// each limit strategy would use, from the newest simulation's optimised parameters (spec §5.2, §4.9). Maxdiff levels are
/// close-relative (C·(1 + predicted move + offset)), the same quantity the backtest optimised.
/// </summary>
public sealed record LiveLevels
{
    public DateOnly LastBarDate { get; init; }

    public double LastClose { get; init; }

    public double PredictedOpen { get; init; }

    public double PredictedHigh { get; init; }

    public double PredictedLow { get; init; }

    public double PredictedClose { get; init; }

    /// <summary>One standard deviation of the close forecast, in price units.</summary>
    public double PredictedCloseSpread { get; init; }

    /// <summary>Ĉ / C − 1.</summary>
    public double ExpectedMovePct { get; init; }

    /// <summary>Least-squares fit actual = slope · predicted + intercept over the newest simulation (spec §5.4).</summary>
    public double CalibrationSlope { get; init; }

    public double CalibrationIntercept { get; init; }

    public double CalibratedMovePct { get; init; }

    /// <summary>Standard deviation of the realised close returns of the newest simulation's window.</summary>
    public double RealisedVolatility { get; init; }

    /// <summary>"buy", "sell" or "neutral": the maxdiff side of the newest simulation.</summary>
    public string MaxDiffSide { get; init; } = "neutral";

    public double MaxDiffHighPrice { get; init; }

    public double MaxDiffLowPrice { get; init; }

    public double AlwaysOnHighPrice { get; init; }

    public double AlwaysOnLowPrice { get; init; }

    public double PctDiffEntryLowPrice { get; init; }

    public double PctDiffEntryHighPrice { get; init; }

    public double PctDiffTakeProfitHighPrice { get; init; }

    public double PctDiffTakeProfitLowPrice { get; init; }
}
