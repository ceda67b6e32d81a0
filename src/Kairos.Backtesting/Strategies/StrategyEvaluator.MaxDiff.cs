using Kairos.Backtesting.Kernel;
using Kairos.Backtesting.Metrics;
using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Strategies;

/// <summary>Maxdiff and maxdiff-always-on (spec §4.5–4.6): kernel evaluations with grid-optimised level offsets.</summary>
public static partial class StrategyEvaluator
{
    /// <summary>The bounds of both additive level offsets.</summary>
    public static readonly (double Lower, double Upper) OffsetBounds = (-0.03, 0.03);

    /// <summary>
    /// Maxdiff direction per day (spec §4.5): long when the predicted high is further from the close than the predicted
    /// low, else short (crypto: flat); a day whose predicted low is not below its predicted high is skipped.
    /// </summary>
    public static double[] MaxDiffDirections(StrategyContext context, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(context);
        var q = new double[length];
        for (var i = 0; i < length; i++)
        {
            var d = context.Inputs.Kernel[start + i];
            var dir = Math.Abs(d.HighPredicted) > Math.Abs(d.LowPredicted) ? 1.0 : -1.0;
            if (context.IsCrypto && dir < 0)
            {
                dir = 0;
            }

            q[i] = d.LowPredicted >= d.HighPredicted ? 0 : dir;
        }

        return q;
    }

    private static StrategyRun MaxDiff(StrategyContext ctx, int start, int length)
    {
        var q = MaxDiffDirections(ctx, start, length);
        var longQty = new double[length];
        var shortQty = new double[length];
        for (var i = 0; i < length; i++)
        {
            longQty[i] = Math.Max(q[i], 0);
            shortQty[i] = Math.Min(q[i], 0);
        }

        var best = OptimiseOffsets(ctx, start, length, longQty, shortQty);
        var days = ctx.Inputs.Kernel.AsSpan(start, length);
        var baseline = new double[length];
        EntryExitKernel.Evaluate(days, longQty, shortQty, 0, 0, ctx.Costs.Fee, best.CloseAtEod, baseline);
        return BlendedRun(StrategyKind.MaxDiff, ctx, days, baseline, longQty, shortQty, q, best);
    }

    private static StrategyRun MaxDiffAlwaysOn(StrategyContext ctx, int start, int length)
    {
        var longQty = Enumerable.Repeat(1.0, length).ToArray();
        var shortQty = Enumerable.Repeat(ctx.IsCrypto ? 0.0 : -1.0, length).ToArray();
        var best = OptimiseOffsets(ctx, start, length, longQty, shortQty);
        var days = ctx.Inputs.Kernel.AsSpan(start, length);

        // Spec §4.6: the always-on baseline is the intraday-exit variant whichever variant the optimiser chose.
        var baseline = new double[length];
        EntryExitKernel.Evaluate(days, longQty, shortQty, 0, 0, ctx.Costs.Fee, closeAtEod: false, baseline);
        var positions = new double[length];
        return BlendedRun(StrategyKind.MaxDiffAlwaysOn, ctx, days, baseline, longQty, shortQty, positions, best);
    }

    /// <summary>Grid-optimises (high, low) offsets for both exit variants and keeps the variant with the larger Σ P&amp;L.</summary>
    private static StrategyParameters OptimiseOffsets(StrategyContext ctx, int start, int length, double[] longQty, double[] shortQty)
    {
        var kernel = ctx.Inputs.Kernel;
        var fee = ctx.Costs.Fee;
        StrategyParameters? best = null;
        var bestValue = double.NegativeInfinity;
        var evaluations = 0;
        foreach (var eod in (ReadOnlySpan<bool>)[false, true])
        {
            var result = GridSearch.Maximize(
                (hs, ls, values) => KernelGrid.Evaluate(kernel.AsSpan(start, length), longQty, shortQty, hs, ls, fee, eod, values),
                OffsetBounds,
                OffsetBounds,
                ctx.Grid);
            evaluations += result.Evaluations;
            var value = EntryExitKernel.Sum(kernel.AsSpan(start, length), longQty, shortQty, result.X, result.Y, fee, eod);
            if (best is null || value > bestValue)
            {
                bestValue = value;
                best = new StrategyParameters { HighOffset = result.X, LowOffset = result.Y, CloseAtEod = eod };
            }
        }

        return best! with { Evaluations = evaluations };
    }

    /// <summary>Reported metrics = baseline + 0.3 × optimised (spec §4.5); the stored daily series is the optimised one.</summary>
    private static StrategyRun BlendedRun(
        StrategyKind kind,
        StrategyContext ctx,
        ReadOnlySpan<KernelDay> days,
        double[] baseline,
        double[] longQty,
        double[] shortQty,
        double[] positions,
        StrategyParameters p)
    {
        var n = days.Length;
        var final = new double[n];
        EntryExitKernel.Evaluate(days, longQty, shortQty, p.HighOffset, p.LowOffset, ctx.Costs.Fee, p.CloseAtEod, final);
        var active = new bool[n];
        var traded = 0.0;
        for (var i = 0; i < n; i++)
        {
            var lp = Math.Clamp(days[i].LowPredicted + p.LowOffset, EntryExitKernel.LowPredMin, EntryExitKernel.LowPredMax);
            var hp = Math.Clamp(days[i].HighPredicted + p.HighOffset, EntryExitKernel.HighPredMin, EntryExitKernel.HighPredMax);
            var fills = (longQty[i] != 0 && lp > days[i].LowActual ? 1 : 0) + (shortQty[i] != 0 && hp < days[i].HighActual ? 1 : 0);
            active[i] = fills > 0;
            traded += 2 * fills;
        }

        var d = ctx.PeriodsPerYear;
        var total = ReturnStatistics.Sum(baseline) + (OptimisedWeight * ReturnStatistics.Sum(final));
        var average = ReturnStatistics.Mean(baseline) + (OptimisedWeight * ReturnStatistics.Mean(final));
        var sharpe = ReturnStatistics.Sharpe(baseline, d, ddof: 0) + (OptimisedWeight * ReturnStatistics.Sharpe(final, d, ddof: 0));
        return Summarise(kind, final, positions, active, traded, d, total, average, sharpe, p);
    }
}
