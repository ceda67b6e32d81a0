using Kairos.Backtesting.Metrics;

using Kairos.Core;

namespace Kairos.Backtesting.Strategies;

/// <summary>
/// Evaluates each strategy of spec §4.3–4.7 on one simulation window: decision days
/// [<c>start</c>, <c>start + length</c>) of <see cref="StrategyContext.Inputs"/>.
/// </summary>
public static partial class StrategyEvaluator
{
    /// <summary>Weight of the optimised evaluation in the reported maxdiff and always-on metrics (spec §4.5–4.6).</summary>
    public const double OptimisedWeight = 0.3;

    /// <summary>Fee discount of spec §4.2 when a signal series holds long, short and flat days.</summary>
    public const double MixedSignalFeeFactor = 0.523;

    private static readonly string[] ActivityNames = [.. Enum.GetValues<StrategyKind>().Select(k => "strategy." + k.Name())];

    public static StrategyRun Evaluate(StrategyKind kind, StrategyContext context, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (length < 1 || start < 0 || start + length > context.Inputs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Window {start}+{length} does not fit {context.Inputs.Count} decision days.");
        }

        using var activity = KairosTelemetry.Source.StartActivity(ActivityNames[(int)kind]);
        return kind switch
        {
            StrategyKind.MaxDiff => MaxDiff(context, start, length),
            StrategyKind.MaxDiffAlwaysOn => MaxDiffAlwaysOn(context, start, length),
            StrategyKind.PctDiff => PctDiff(context, start, length),
            StrategyKind.Simple => Signals(kind, SimpleSignals(context, start, length), context, start),
            StrategyKind.AllSignals => Signals(kind, AllSignalsSignals(context, start, length), context, start),
            StrategyKind.BuyAndHold => Signals(kind, Enumerable.Repeat(1.0, length).ToArray(), context, start),
            StrategyKind.UnprofitShutdown => Signals(kind, UnprofitShutdownSignals(context, start, length), context, start),
            StrategyKind.HighLow => HighLow(context, start, length),
            StrategyKind.TakeProfit => TakeProfit(context, start, length),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Builds a run from its daily returns with the common trade statistics.</summary>
    private static StrategyRun Summarise(
        StrategyKind kind,
        double[] returns,
        double[] positions,
        bool[] active,
        double tradedNotional,
        int periodsPerYear,
        double total,
        double average,
        double sharpe,
        StrategyParameters? parameters)
    {
        var trades = 0;
        var wins = 0;
        for (var i = 0; i < returns.Length; i++)
        {
            if (active[i])
            {
                trades++;
                if (returns[i] > 0)
                {
                    wins++;
                }
            }
        }

        return new StrategyRun
        {
            Strategy = kind,
            DailyReturns = returns,
            Positions = positions,
            Active = active,
            TotalReturn = total,
            AverageDailyReturn = average,
            AnnualReturn = average * periodsPerYear,
            Sharpe = sharpe,
            Sortino = ReturnStatistics.Sortino(returns, periodsPerYear),
            MaxDrawdown = ReturnStatistics.MaxDrawdown(returns),
            Trades = trades,
            Wins = wins,
            Turnover = tradedNotional / returns.Length,
            Parameters = parameters,
        };
    }
}
