using Kairos.Core;

namespace Kairos.Backtesting.Optimization;

/// <summary>
/// DIRECT global minimisation over a box, with the semantics of <c>scipy.optimize.direct</c>
/// (SciPy ≥ 1.9, Gablonsky's DIRECT 2.0.4 via NLopt's C port): on the same problem and options it
/// makes the same objective calls in the same order and returns the same x, fun, nfev, nit, status
/// and message. See docs/direct-optimizer.md.
/// </summary>
public static class Direct
{
    // SciPy caps its work arrays at 1 GiB; the cap changes maxfun/maxiter only for huge budgets.
    private const long MaxMemoryBytes = 1L << 30;

    /// <summary>Minimises <paramref name="objective"/> over the box <paramref name="bounds"/>.</summary>
    /// <param name="objective">
    /// Called with a point inside the bounds. The array is a buffer owned by the optimiser and
    /// rewritten before every call: read it, do not keep or modify it (copy it if you must keep it).
    /// NaN or ±∞ results mark the point infeasible (DIRECT's hidden-constraint handling, as NLopt
    /// does); SciPy would instead store them as ordinary values.
    /// </param>
    /// <param name="bounds">(Lower, Upper) per dimension; finite, Lower &lt; Upper, at least one.</param>
    /// <param name="options">Settings; <c>null</c> means SciPy's defaults.</param>
    /// <exception cref="ArgumentException">Bounds or options are invalid.</exception>
    public static DirectResult Minimize(Func<double[], double> objective, IReadOnlyList<(double Lower, double Upper)> bounds, DirectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(bounds);
        using var activity = KairosTelemetry.Source.StartActivity("optimizer.direct");
        options ??= new DirectOptions();
        var n = bounds.Count;
        if (n == 0)
        {
            throw new ArgumentException("At least one dimension is required.", nameof(bounds));
        }

        var lower = new double[n];
        var upper = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (lo, hi) = bounds[i];
            if (!double.IsFinite(lo) || !double.IsFinite(hi))
            {
                throw new ArgumentException($"Bounds must be finite; dimension {i} is [{lo}, {hi}].", nameof(bounds));
            }

            if (!(lo < hi))
            {
                throw new ArgumentException($"Bounds must satisfy Lower < Upper; dimension {i} is [{lo}, {hi}].", nameof(bounds));
            }

            if (!double.IsFinite(hi - lo))
            {
                throw new ArgumentException($"The width of dimension {i} overflows: [{lo}, {hi}].", nameof(bounds));
            }

            lower[i] = lo;
            upper[i] = hi;
        }

        Validate(options);
        var maxfun = options.MaxEvaluations ?? (1000 * n);

        // SciPy's DIRect.c sizes its store as MAXFUNC = maxf + 1000 + maxf/2 (capped at 1 GiB) and
        // then uses maxf = 2·(MAXFUNC − 1000)/3, which rounds odd budgets down by one.
        long positionLimit = maxfun + 1000L + (maxfun / 2);
        long bytesPerPosition = (n * (sizeof(double) + sizeof(int))) + ((sizeof(double) * 2) + sizeof(int));
        if (positionLimit * bytesPerPosition > MaxMemoryBytes)
        {
            positionLimit = MaxMemoryBytes / bytesPerPosition;
        }

        var effectiveMaxfun = (int)(2 * (positionLimit - 1000) / 3);

        // MAXDEEP = maxiter + 1000 levels, capped the same way; maxt = MAXDEEP − 1000.
        long maxDeep = options.MaxIterations + 1000L;
        const long bytesPerLevel = (sizeof(double) * 2) + sizeof(int);
        const long fixedBytes = 2 * (sizeof(double) + sizeof(int));
        if ((maxDeep * bytesPerLevel) + fixedBytes > MaxMemoryBytes)
        {
            maxDeep = (MaxMemoryBytes - fixedBytes) / bytesPerLevel;
        }

        var effectiveMaxIterations = (int)(maxDeep - 1000);

        var target = options.TargetValue ?? double.NegativeInfinity;
        var targetTolerance = options.TargetValue is null ? 0.0 : options.TargetRelativeTolerance;
        var volumeTolerance = options.VolumeTolerance <= 0.0 ? -1.0 : options.VolumeTolerance;
        var lengthTolerance = options.LengthTolerance <= 0.0 ? -1.0 : options.LengthTolerance;

        var search = new DirectSearch(objective, lower, upper, options.LocallyBiased, (int)positionLimit, (int)maxDeep);
        var outcome = search.Run(effectiveMaxfun, effectiveMaxIterations, options.Eps, target, targetTolerance, volumeTolerance, lengthTolerance);
        var message = DirectMessages.For(outcome.Status, maxfun, options.MaxIterations, options.TargetRelativeTolerance, options.VolumeTolerance, options.LengthTolerance);
        return new DirectResult(outcome.X, outcome.Value, outcome.Evaluations, outcome.Iterations, outcome.Status, message);
    }

    private static void Validate(DirectOptions options)
    {
        if (!double.IsFinite(options.Eps))
        {
            throw new ArgumentException($"Eps must be finite, got {options.Eps}.", nameof(options));
        }

        if (options.MaxEvaluations is { } maxfun && maxfun < 1)
        {
            throw new ArgumentException($"MaxEvaluations must be positive, got {maxfun}.", nameof(options));
        }

        if (options.MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be positive, got {options.MaxIterations}.", nameof(options));
        }

        RequireUnitInterval(options, options.VolumeTolerance, nameof(DirectOptions.VolumeTolerance));
        RequireUnitInterval(options, options.LengthTolerance, nameof(DirectOptions.LengthTolerance));
        RequireUnitInterval(options, options.TargetRelativeTolerance, nameof(DirectOptions.TargetRelativeTolerance));
        if (options.TargetValue is { } target && !double.IsFinite(target))
        {
            throw new ArgumentException($"TargetValue must be finite when set, got {target}.", nameof(options));
        }
    }

    private static void RequireUnitInterval(DirectOptions options, double value, string name)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentException($"{name} must lie in [0, 1], got {value}.", nameof(options));
        }
    }
}
