using Kairos.Backtesting.Metrics;
using Kairos.Backtesting.Optimization;

namespace Kairos.Backtesting.Strategies;

/// <summary>Pctdiff (spec §4.7): multiplicative entry levels and percentage take-profits, optimised by DIRECT.</summary>
public static partial class StrategyEvaluator
{
    /// <summary>Bounds of (low multiplier, high multiplier, long take-profit, short take-profit).</summary>
    public static readonly IReadOnlyList<(double Lower, double Upper)> PctDiffBounds =
        [(-0.03, 0.03), (-0.03, 0.03), (0.003, 0.09), (0.003, 0.09)];

    /// <summary>Each day's pctdiff return is clipped to ± this (spec: PCTDIFF_MAX_DAILY_RETURN).</summary>
    public const double PctDiffMaxDailyReturn = 0.10;

    /// <summary>
    /// One pctdiff day for direction <paramref name="q"/>: a long buys at L̂·(1+lowMult) if day t+1 trades there, then
    /// sells at entry·(1+pctLong) if the day's high reaches it, else at the close (mirror for shorts); return net of the
    /// entry fee, clipped to ±10 %.
    /// </summary>
    public static double PctDiffDay(DecisionDayInputs x, int k, double q, double lowMult, double highMult, double pctLong, double pctShort, double fee, out bool filled)
    {
        ArgumentNullException.ThrowIfNull(x);
        filled = false;
        double profit, entry;
        if (q > 0)
        {
            entry = Math.Max(x.PredictedLow[k] * (1 + lowMult), 1e-6);
            if (!(x.NextLow[k] <= entry))
            {
                return 0;
            }

            var target = entry * (1 + pctLong);
            profit = (x.NextHigh[k] >= target ? target : x.NextClose[k]) - entry;
        }
        else if (q < 0)
        {
            entry = x.PredictedHigh[k] * (1 + highMult);
            if (!(x.NextHigh[k] >= entry))
            {
                return 0;
            }

            var target = entry * (1 - pctShort);
            profit = entry - (x.NextLow[k] <= target ? target : x.NextClose[k]);
        }
        else
        {
            return 0;
        }

        filled = true;
        return Math.Clamp((profit - (fee * entry)) / entry, -PctDiffMaxDailyReturn, PctDiffMaxDailyReturn);
    }

    private static StrategyRun PctDiff(StrategyContext ctx, int start, int length)
    {
        var q = MaxDiffDirections(ctx, start, length);
        var x = ctx.Inputs;
        var fee = ctx.Costs.Fee;
        var result = Direct.Minimize(
            v =>
            {
                var sum = 0.0;
                for (var i = 0; i < length; i++)
                {
                    sum += PctDiffDay(x, start + i, q[i], v[0], v[1], v[2], v[3], fee, out _);
                }

                return -sum;
            },
            PctDiffBounds,
            ctx.PctDiffOptimizer);

        var p = new StrategyParameters
        {
            LowMultiplier = result.X[0],
            HighMultiplier = result.X[1],
            PctLong = result.X[2],
            PctShort = result.X[3],
            Evaluations = result.Evaluations,
        };
        var returns = new double[length];
        var active = new bool[length];
        var positions = new double[length];
        var traded = 0.0;
        for (var i = 0; i < length; i++)
        {
            returns[i] = PctDiffDay(x, start + i, q[i], p.LowMultiplier, p.HighMultiplier, p.PctLong, p.PctShort, fee, out var filled);
            active[i] = filled;
            positions[i] = filled ? q[i] : 0;
            traded += filled ? 2 : 0;
        }

        return SummedRun(StrategyKind.PctDiff, returns, positions, active, traded, ctx, p);
    }
}
