using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

public static partial class SymbolAnalyzer
{
    /// <summary>Spec §4.9: (entry, take-profit) of the selected strategy and side, plus always-on's opposite-side pair.</summary>
    private static (decimal? Entry, decimal? TakeProfit, decimal? OppositeEntry, decimal? OppositeTakeProfit) Levels(
        StrategyKind strategy, OrderSide side, Forecast f, Instrument instrument, SelectionSettings settings)
    {
        var buy = side == OrderSide.Buy;
        double entry, takeProfit;
        switch (strategy)
        {
            case StrategyKind.MaxDiffAlwaysOn:
                {
                    (entry, takeProfit) = buy ? (f.AlwaysOnLow, f.AlwaysOnHigh) : (f.AlwaysOnHigh, f.AlwaysOnLow);
                    var opposite = buy ? OrderSide.Sell : OrderSide.Buy;
                    if (!settings.Allows(instrument, opposite))
                    {
                        return (ToPrice(entry), ToPrice(takeProfit), null, null);
                    }

                    return (ToPrice(entry), ToPrice(takeProfit), ToPrice(takeProfit), ToPrice(entry));
                }

            case StrategyKind.PctDiff:
                // A take-profit on the wrong side of its entry would exit at a loss: clamp it to the entry.
                (entry, takeProfit) = buy
                    ? (f.PctDiffEntryLow ?? f.MaxDiffLow, f.PctDiffTakeProfitHigh ?? f.MaxDiffHigh)
                    : (f.PctDiffEntryHigh ?? f.MaxDiffHigh, f.PctDiffTakeProfitLow ?? f.MaxDiffLow);
                takeProfit = buy ? Math.Max(takeProfit, entry) : Math.Min(takeProfit, entry);
                break;

            case StrategyKind.HighLow or StrategyKind.TakeProfit:
                // Entry at the maxdiff level (V2's preference), exit at the forecast extreme the strategy was scored on.
                (entry, takeProfit) = buy ? (f.MaxDiffLow, f.High) : (f.MaxDiffHigh, f.Low);
                break;

            default:
                // Maxdiff itself, and the fallback for strategies without levels of their own (they enter by price ramp).
                (entry, takeProfit) = buy ? (f.MaxDiffLow, f.MaxDiffHigh) : (f.MaxDiffHigh, f.MaxDiffLow);
                break;
        }

        return (ToPrice(entry), ToPrice(takeProfit), null, null);
    }

    /// <summary>
    /// The live forecast after spec §5.3's sanity repair (an inverted high/low collapses to the close, then high ≥ close ≥
    /// low) and §4.9's level fallbacks: a missing maxdiff level falls back to the forecast extreme, a missing always-on
    /// level to maxdiff's; an inverted pair (high &lt; low) is replaced by the forecast pair, which the repair keeps valid.
    /// Pctdiff levels stay null when missing (pctdiff is then no candidate).
    /// </summary>
    private sealed record Forecast(
        double LastClose,
        double Open,
        double High,
        double Low,
        double Close,
        string MaxDiffSide,
        double MaxDiffHigh,
        double MaxDiffLow,
        double AlwaysOnHigh,
        double AlwaysOnLow,
        double? PctDiffEntryLow,
        double? PctDiffEntryHigh,
        double? PctDiffTakeProfitHigh,
        double? PctDiffTakeProfitLow)
    {
        public static Forecast From(LiveLevels live)
        {
            var (high, low, close) = (live.PredictedHigh, live.PredictedLow, live.PredictedClose);
            if (high < low)
            {
                high = low = close;
            }

            high = Math.Max(high, close);
            low = Math.Min(low, close);

            var (mh, ml) = Pair(Present(live.MaxDiffHighPrice) ?? high, Present(live.MaxDiffLowPrice) ?? low, high, low);
            var (ah, al) = Pair(Present(live.AlwaysOnHighPrice) ?? mh, Present(live.AlwaysOnLowPrice) ?? ml, high, low);
            return new Forecast(
                live.LastClose,
                live.PredictedOpen,
                high,
                low,
                close,
                live.MaxDiffSide,
                mh,
                ml,
                ah,
                al,
                Present(live.PctDiffEntryLowPrice),
                Present(live.PctDiffEntryHighPrice),
                Present(live.PctDiffTakeProfitHighPrice),
                Present(live.PctDiffTakeProfitLowPrice));
        }

        /// <summary>Levels the backtest did not produce are 0 in <see cref="LiveLevels"/>.</summary>
        private static double? Present(double v) => v > 0 && double.IsFinite(v) ? v : null;

        private static (double High, double Low) Pair(double high, double low, double forecastHigh, double forecastLow) =>
            high < low ? (forecastHigh, forecastLow) : (high, low);
    }
}
