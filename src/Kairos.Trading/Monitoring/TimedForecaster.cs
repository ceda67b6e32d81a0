using System.Diagnostics;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Measures every call of a forecaster as predict latency (<see cref="KairosMetrics.RecordPredict"/>). Transparent: the
/// identity and history needs are the inner forecaster's, so forecast keys and cache entries do not change.
/// </summary>
public sealed class TimedForecaster(IForecaster inner, KairosMetrics metrics) : IForecaster
{
    public string Identity => inner.Identity;

    public int ContextLength => inner.ContextLength;

    public int MinimumHistory => inner.MinimumHistory;

    public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        inner.Forecast(series, decisionIndices, forecasts, cancellationToken);
        metrics.RecordPredict(Stopwatch.GetElapsedTime(started));
    }
}
