namespace Kairos.Backtesting.Metrics;

/// <summary>Statistics of a daily return series. Annualisation uses the instrument's periods per year (252 or 365).</summary>
public static class ReturnStatistics
{
    /// <summary>Standard deviations at or below this are treated as zero dispersion (Sharpe and Sortino report 0).</summary>
    public const double DegenerateStd = 1e-9;

    public static double Mean(ReadOnlySpan<double> r)
    {
        if (r.IsEmpty)
        {
            return 0;
        }

        var s = 0.0;
        foreach (var x in r)
        {
            s += x;
        }

        return s / r.Length;
    }

    public static double Sum(ReadOnlySpan<double> r)
    {
        var s = 0.0;
        foreach (var x in r)
        {
            s += x;
        }

        return s;
    }

    /// <summary>Standard deviation with <paramref name="ddof"/> delta degrees of freedom (0: population, 1: sample).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> r, int ddof)
    {
        var n = r.Length - ddof;
        if (n <= 0)
        {
            return double.NaN;
        }

        var m = Mean(r);
        var s = 0.0;
        foreach (var x in r)
        {
            s += (x - m) * (x - m);
        }

        return Math.Sqrt(s / n);
    }

    /// <summary>
    /// mean / std(ddof) × √periods; 0 when the standard deviation or the range of the series is degenerate
    /// (≤ 1e-9) or not finite — a window with no dispersion has no meaningful risk-adjusted return.
    /// </summary>
    public static double Sharpe(ReadOnlySpan<double> r, int periodsPerYear, int ddof)
    {
        var std = StandardDeviation(r, ddof);
        if (!double.IsFinite(std) || std <= DegenerateStd || Range(r) <= DegenerateStd)
        {
            return 0;
        }

        return Mean(r) / std * Math.Sqrt(periodsPerYear);
    }

    /// <summary>
    /// mean / downside deviation × √periods, downside deviation = √(mean(min(r, 0)²)); 0 when there is no downside
    /// (the ratio is undefined there, and an infinity would poison averages over simulations).
    /// </summary>
    public static double Sortino(ReadOnlySpan<double> r, int periodsPerYear)
    {
        if (r.IsEmpty)
        {
            return 0;
        }

        var s = 0.0;
        foreach (var x in r)
        {
            var d = Math.Min(x, 0);
            s += d * d;
        }

        var dd = Math.Sqrt(s / r.Length);
        return dd <= DegenerateStd ? 0 : Mean(r) / dd * Math.Sqrt(periodsPerYear);
    }

    /// <summary>Π(1 + r) − 1.</summary>
    public static double Compounded(ReadOnlySpan<double> r)
    {
        var v = 1.0;
        foreach (var x in r)
        {
            v *= 1 + x;
        }

        return v - 1;
    }

    /// <summary>The largest peak-to-trough fall of the compounded equity curve (starting at 1), as a fraction ≤ 0.</summary>
    public static double MaxDrawdown(ReadOnlySpan<double> r)
    {
        double equity = 1, peak = 1, worst = 0;
        foreach (var x in r)
        {
            equity *= 1 + x;
            peak = Math.Max(peak, equity);
            worst = Math.Min(worst, (equity / peak) - 1);
        }

        return worst;
    }

    private static double Range(ReadOnlySpan<double> r)
    {
        if (r.IsEmpty)
        {
            return 0;
        }

        double lo = r[0], hi = r[0];
        foreach (var x in r)
        {
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
        }

        return hi - lo;
    }
}
