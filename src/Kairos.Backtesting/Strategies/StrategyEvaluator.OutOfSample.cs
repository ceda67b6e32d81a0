using Kairos.Backtesting.Kernel;

namespace Kairos.Backtesting.Strategies;

/// <summary>Next-day out-of-sample returns: a day traded with parameters fitted only on earlier days.</summary>
public static partial class StrategyEvaluator
{
    /// <summary>
    /// The return of decision day <paramref name="dayIndex"/> traded with the parameters of <paramref name="fitted"/>, a
    /// run whose window ended the day before. The limit strategies' levels are optimised on the window they are scored on
    /// (spec §4.5–4.7), so their window statistics are in-sample; this is the honest figure. Strategies without fitted
    /// parameters return <paramref name="current"/>'s last day, which no fit has seen either.
    /// </summary>
    public static double NextDayReturn(StrategyContext context, int dayIndex, StrategyRun fitted, StrategyRun current)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(current);
        var p = fitted.Parameters;
        switch (current.Strategy)
        {
            case StrategyKind.MaxDiff when p is not null:
                {
                    var q = MaxDiffDirections(context, dayIndex, 1)[0];
                    return EntryExitKernel.DayPnl(context.Inputs.Kernel[dayIndex], Math.Max(q, 0), Math.Min(q, 0), p.HighOffset, p.LowOffset, context.Costs.Fee, p.CloseAtEod);
                }

            case StrategyKind.MaxDiffAlwaysOn when p is not null:
                return EntryExitKernel.DayPnl(context.Inputs.Kernel[dayIndex], 1, context.IsCrypto ? 0 : -1, p.HighOffset, p.LowOffset, context.Costs.Fee, p.CloseAtEod);

            case StrategyKind.PctDiff when p is not null:
                {
                    var q = MaxDiffDirections(context, dayIndex, 1)[0];
                    return PctDiffDay(context.Inputs, dayIndex, q, p.LowMultiplier, p.HighMultiplier, p.PctLong, p.PctShort, context.Costs.Fee, out _);
                }

            default:
                return current.DailyReturns[^1];
        }
    }
}
