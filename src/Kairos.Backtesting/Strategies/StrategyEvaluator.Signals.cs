using Kairos.Backtesting.Metrics;

namespace Kairos.Backtesting.Strategies;

/// <summary>Directional strategies scored by spec §4.2's <c>evaluate_strategy</c>, against the day each forecast targets.</summary>
public static partial class StrategyEvaluator
{
    private static double[] SimpleSignals(StrategyContext ctx, int start, int length)
    {
        var s = new double[length];
        for (var i = 0; i < length; i++)
        {
            var up = ctx.Inputs.ClosePredicted[start + i] > 0;
            s[i] = up ? 1 : ctx.IsCrypto ? 0 : -1;
        }

        return s;
    }

    private static double[] AllSignalsSignals(StrategyContext ctx, int start, int length)
    {
        var x = ctx.Inputs;
        var s = new double[length];
        for (var i = 0; i < length; i++)
        {
            var k = start + i;
            double c = x.ClosePredicted[k], h = x.HighPredictedOwn[k], l = x.LowPredictedOwn[k];
            s[i] = c > 0 && h > 0 && l > 0 ? 1 : c < 0 && h < 0 && l < 0 && !ctx.IsCrypto ? -1 : 0;
        }

        return s;
    }

    /// <summary>
    /// Follow the forecast sign; after a day in the market whose sign call was wrong, stand aside for a day. The first
    /// day is long (spec §4.3). Crypto never shorts.
    /// </summary>
    private static double[] UnprofitShutdownSignals(StrategyContext ctx, int start, int length)
    {
        var x = ctx.Inputs;
        var s = new double[length];
        for (var i = 0; i < length; i++)
        {
            double next;
            if (i == 0)
            {
                next = 1;
            }
            else
            {
                var pred = Math.Sign(x.ClosePredicted[start + i]);
                var wasRight = Math.Sign(x.ClosePredicted[start + i - 1]) == Math.Sign(x.CloseActual(start + i - 1));
                next = s[i - 1] != 0 && !wasRight ? 0 : pred;
            }

            s[i] = ctx.IsCrypto && next < 0 ? 0 : next;
        }

        return s;
    }

    /// <summary>
    /// Spec §4.2: ret = s·actual − |Δs|·(fee′ + spread/2), fee′ = 0.523·fee when the series mixes long, short and flat;
    /// total compounded, Sharpe with the sample standard deviation.
    /// </summary>
    private static StrategyRun Signals(StrategyKind kind, double[] signals, StrategyContext ctx, int start)
    {
        var n = signals.Length;
        bool hasLong = false, hasShort = false, hasFlat = false;
        foreach (var s in signals)
        {
            hasLong |= s > 0;
            hasShort |= s < 0;
            hasFlat |= s == 0;
        }

        var feePerChange = (hasLong && hasShort && hasFlat ? ctx.Costs.Fee * MixedSignalFeeFactor : ctx.Costs.Fee) + ctx.Costs.SpreadCostPerChange;
        var returns = new double[n];
        var active = new bool[n];
        var traded = 0.0;
        var previous = 0.0;
        for (var i = 0; i < n; i++)
        {
            var change = Math.Abs(signals[i] - previous);
            traded += change;
            returns[i] = (signals[i] * ctx.Inputs.CloseActual(start + i)) - (change * feePerChange);
            active[i] = signals[i] != 0;
            previous = signals[i];
        }

        return Summarise(
            kind,
            returns,
            signals,
            active,
            traded,
            ctx.PeriodsPerYear,
            ReturnStatistics.Compounded(returns),
            ReturnStatistics.Mean(returns),
            ReturnStatistics.Sharpe(returns, ctx.PeriodsPerYear, ddof: 1),
            parameters: null);
    }

    /// <summary>
    /// Spec §4.3 takeprofit: enter at the close in the forecast direction, take profit at the predicted high (long) or
    /// low (short) when the day reaches it, else exit at the next close. Fees: one per side change, plus one to close
    /// the previous side. Crypto stays flat on a down forecast.
    /// </summary>
    private static StrategyRun TakeProfit(StrategyContext ctx, int start, int length)
    {
        var returns = new double[length];
        var positions = new double[length];
        var active = new bool[length];
        var side = 0;
        var traded = 0.0;
        for (var i = 0; i < length; i++)
        {
            var d = ctx.Inputs.Kernel[start + i];
            var up = ctx.Inputs.ClosePredicted[start + i] > 0;
            var next = up ? 1 : ctx.IsCrypto ? 0 : -1;
            double r = next switch
            {
                1 => d.HighActual >= d.HighPredicted ? d.HighPredicted : d.Close,
                -1 => d.LowActual <= d.LowPredicted ? -d.LowPredicted : -d.Close,
                _ => 0,
            };
            (r, traded) = ChargeSideChange(r, ref side, next, ctx.Costs.Fee, traded);
            returns[i] = r;
            positions[i] = next;
            active[i] = next != 0;
        }

        return SummedRun(StrategyKind.TakeProfit, returns, positions, active, traded, ctx, parameters: null);
    }

    /// <summary>
    /// Spec §4.3 highlow: a limit buy at the predicted low on an up forecast (a limit sell at the predicted high on a
    /// down forecast, equities only), held to the close; unfilled days earn 0 and pay nothing. Fees as takeprofit, on
    /// filled side changes.
    /// </summary>
    private static StrategyRun HighLow(StrategyContext ctx, int start, int length)
    {
        var returns = new double[length];
        var positions = new double[length];
        var active = new bool[length];
        var side = 0;
        var traded = 0.0;
        for (var i = 0; i < length; i++)
        {
            var d = ctx.Inputs.Kernel[start + i];
            var pred = ctx.Inputs.ClosePredicted[start + i];
            var next = pred > 0 ? 1 : pred < 0 && !ctx.IsCrypto ? -1 : 0;
            var filled = next switch
            {
                1 => d.LowActual <= d.LowPredicted,
                -1 => d.HighActual >= d.HighPredicted,
                _ => false,
            };
            double r = !filled ? 0 : next == 1 ? d.Close - d.LowPredicted : d.HighPredicted - d.Close;
            if (filled || next == 0)
            {
                // Only a fill changes the held side: an order that never traded costs nothing.
                (r, traded) = ChargeSideChange(r, ref side, next, ctx.Costs.Fee, traded);
            }

            returns[i] = r;
            positions[i] = filled ? next : 0;
            active[i] = filled;
        }

        return SummedRun(StrategyKind.HighLow, returns, positions, active, traded, ctx, parameters: null);
    }

    private static (double Return, double Traded) ChargeSideChange(double r, ref int side, int next, double fee, double traded)
    {
        if (next == 0)
        {
            side = 0;
            return (r, traded);
        }

        if (next != side)
        {
            var fees = side != 0 ? 2 * fee : fee;
            traded += side != 0 ? 2 : 1;
            side = next;
            return (r - fees, traded);
        }

        return (r, traded);
    }

    /// <summary>Runs whose total is the plain sum and whose Sharpe uses the population standard deviation (limit strategies).</summary>
    private static StrategyRun SummedRun(StrategyKind kind, double[] returns, double[] positions, bool[] active, double traded, StrategyContext ctx, StrategyParameters? parameters) =>
        Summarise(
            kind,
            returns,
            positions,
            active,
            traded,
            ctx.PeriodsPerYear,
            ReturnStatistics.Sum(returns),
            ReturnStatistics.Mean(returns),
            ReturnStatistics.Sharpe(returns, ctx.PeriodsPerYear, ddof: 0),
            parameters);
}
