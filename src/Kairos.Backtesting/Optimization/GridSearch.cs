using Kairos.Core;

namespace Kairos.Backtesting.Optimization;

/// <summary>
/// The multi-stage grid search of spec §4.8, maximising a 2-D objective. Stage s evaluates an n_s × n_s grid
/// (numpy-linspace points, x outer, y inner) over the current window in one vectorised call; the global best is kept
/// (first maximum wins ties; NaN counts as −1e12); the next window is centred on the stage's best point with half-width
/// max(width · shrink / 2, minWindow) per axis, clipped to the original bounds.
/// </summary>
public static class GridSearch
{
    private const double NanValue = -1e12;

    public static GridSearchResult Maximize(
        GridObjective objective,
        (double Lower, double Upper) xBounds,
        (double Lower, double Upper) yBounds,
        GridSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        using var activity = KairosTelemetry.Source.StartActivity("optimizer.grid");
        options ??= new GridSearchOptions();
        CheckBounds(xBounds, nameof(xBounds));
        CheckBounds(yBounds, nameof(yBounds));

        var maxSteps = options.Steps.Max();
        var xs = new double[maxSteps];
        var ys = new double[maxSteps];
        var values = new double[maxSteps * maxSteps];
        var (xLo, xHi) = xBounds;
        var (yLo, yHi) = yBounds;
        double bestX = xLo, bestY = yLo, best = double.NegativeInfinity;
        var evaluations = 0;
        foreach (var n in options.Steps)
        {
            Linspace(xLo, xHi, xs.AsSpan(0, n));
            Linspace(yLo, yHi, ys.AsSpan(0, n));
            var grid = values.AsSpan(0, n * n);
            objective(xs.AsSpan(0, n), ys.AsSpan(0, n), grid);
            evaluations += n * n;

            var stageBest = double.NegativeInfinity;
            var stageIndex = 0;
            for (var k = 0; k < grid.Length; k++)
            {
                var v = double.IsNaN(grid[k]) ? NanValue : grid[k];
                if (v > stageBest)
                {
                    stageBest = v;
                    stageIndex = k;
                }
            }

            var sx = xs[stageIndex / n];
            var sy = ys[stageIndex % n];
            if (stageBest > best)
            {
                best = stageBest;
                bestX = sx;
                bestY = sy;
            }

            (xLo, xHi) = Shrink(sx, xHi - xLo, xBounds, options);
            (yLo, yHi) = Shrink(sy, yHi - yLo, yBounds, options);
        }

        return new GridSearchResult(bestX, bestY, best, evaluations);
    }

    /// <summary>numpy.linspace(lo, hi, n): lo + i·step, with the last point exactly hi.</summary>
    public static void Linspace(double lo, double hi, Span<double> points)
    {
        var n = points.Length;
        if (n == 1)
        {
            points[0] = lo;
            return;
        }

        var step = (hi - lo) / (n - 1);
        for (var i = 0; i < n; i++)
        {
            points[i] = (i * step) + lo;
        }

        points[n - 1] = hi;
    }

    private static (double Lo, double Hi) Shrink(double centre, double width, (double Lower, double Upper) bounds, GridSearchOptions options)
    {
        var half = Math.Max(width * options.Shrink * 0.5, options.MinWindow);
        return (Math.Max(bounds.Lower, centre - half), Math.Min(bounds.Upper, centre + half));
    }

    private static void CheckBounds((double Lower, double Upper) b, string name)
    {
        if (!double.IsFinite(b.Lower) || !double.IsFinite(b.Upper) || !(b.Lower < b.Upper))
        {
            throw new ArgumentException($"Bounds ({b.Lower}, {b.Upper}) must be finite with Lower < Upper.", name);
        }
    }
}
