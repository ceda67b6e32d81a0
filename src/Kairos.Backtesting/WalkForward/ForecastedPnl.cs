namespace Kairos.Backtesting.WalkForward;

/// <summary>
/// The forecasted PnL of a strategy (spec §5.5, with a statistical model in place of Toto): the next simulation's
/// average daily return, forecast from the per-simulation average daily returns taken oldest first. With fewer than
/// four values, or a negative mean, it is the plain mean (the spec's rule); otherwise an exponentially weighted mean
/// whose weights halve every <c>halfLife</c> simulations back from the newest, so recent regimes count more.
/// </summary>
public static class ForecastedPnl
{
    public static double Forecast(ReadOnlySpan<double> oldestFirst, double halfLife)
    {
        var finite = new List<double>(oldestFirst.Length);
        foreach (var v in oldestFirst)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            return 0;
        }

        var mean = finite.Average();
        if (finite.Count < 4 || mean < 0)
        {
            return mean;
        }

        double sw = 0, s = 0;
        for (var i = 0; i < finite.Count; i++)
        {
            var w = Math.Pow(2, -(finite.Count - 1 - i) / halfLife);
            sw += w;
            s += w * finite[i];
        }

        return s / sw;
    }
}
