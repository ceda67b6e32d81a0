using Kairos.Backtesting.Kernel;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Backtesting.Strategies;

/// <summary>
/// Everything the strategies read, precomputed once per symbol for a contiguous range of decision days t (bars ≤ t
/// known, bar t+1 is the day traded and scored). Index i holds decision day <see cref="FirstDecisionIndex"/> + i; a
/// simulation is a slice of consecutive days. Every prediction is paired with the realised bar it forecasts.
/// </summary>
public sealed class DecisionDayInputs
{
    private DecisionDayInputs(int first, int count)
    {
        FirstDecisionIndex = first;
        Count = count;
        Kernel = new KernelDay[count];
        ClosePredicted = new double[count];
        HighPredictedOwn = new double[count];
        LowPredictedOwn = new double[count];
        PredictedHigh = new double[count];
        PredictedLow = new double[count];
        NextHigh = new double[count];
        NextLow = new double[count];
        NextClose = new double[count];
        DecisionClose = new double[count];
    }

    public int FirstDecisionIndex { get; }

    public int Count { get; }

    /// <summary>Close-relative realised and predicted levels of day t+1 (kernel units: x / C[t] − 1).</summary>
    public KernelDay[] Kernel { get; }

    /// <summary>Ĉ[t+1] / C[t] − 1.</summary>
    public double[] ClosePredicted { get; }

    /// <summary>Ĥ[t+1] / H[t] − 1: the high series' own predicted change (all-signals reads these).</summary>
    public double[] HighPredictedOwn { get; }

    /// <summary>L̂[t+1] / L[t] − 1.</summary>
    public double[] LowPredictedOwn { get; }

    /// <summary>Ĥ[t+1], absolute.</summary>
    public double[] PredictedHigh { get; }

    /// <summary>L̂[t+1], absolute.</summary>
    public double[] PredictedLow { get; }

    public double[] NextHigh { get; }

    public double[] NextLow { get; }

    public double[] NextClose { get; }

    /// <summary>C[t].</summary>
    public double[] DecisionClose { get; }

    /// <summary>Realised close-to-close return of day t+1 (= <see cref="KernelDay.Close"/>).</summary>
    public double CloseActual(int i) => Kernel[i].Close;

    public static DecisionDayInputs Build(BarSeries series, ForecastPanel panel, int firstDecisionIndex, int count)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(panel);
        if (count < 1 || firstDecisionIndex < panel.FirstDecisionIndex || firstDecisionIndex + count - 1 > panel.LastDecisionIndex
            || firstDecisionIndex + count > series.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Decision days {firstDecisionIndex}..{firstDecisionIndex + count - 1} need forecasts and a following bar.");
        }

        var x = new DecisionDayInputs(firstDecisionIndex, count);
        for (var i = 0; i < count; i++)
        {
            var t = firstDecisionIndex + i;
            var f = panel[t];
            var c = series.Close[t];
            x.DecisionClose[i] = c;
            x.NextHigh[i] = series.High[t + 1];
            x.NextLow[i] = series.Low[t + 1];
            x.NextClose[i] = series.Close[t + 1];
            x.PredictedHigh[i] = f.High;
            x.PredictedLow[i] = f.Low;
            x.ClosePredicted[i] = (f.Close / c) - 1;
            x.HighPredictedOwn[i] = (f.High / series.High[t]) - 1;
            x.LowPredictedOwn[i] = (f.Low / series.Low[t]) - 1;
            x.Kernel[i] = new KernelDay(
                Close: (series.Close[t + 1] / c) - 1,
                HighActual: (series.High[t + 1] / c) - 1,
                HighPredicted: (f.High / c) - 1,
                LowActual: (series.Low[t + 1] / c) - 1,
                LowPredicted: (f.Low / c) - 1);
        }

        return x;
    }
}
