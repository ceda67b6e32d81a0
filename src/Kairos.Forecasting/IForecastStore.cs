using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// Where <see cref="ForecastPanel.Build"/> looks forecasts up before computing them and puts the ones it computed: the
/// in-process <see cref="ForecastMemo"/> of a backtest run, or the bounded, persistent
/// <see cref="Caching.ForecastCache"/> of the live bot. The series and decision index travel with the key because a store
/// may need what the key alone does not say: the symbol, and whether the window's last bar was still forming.
/// Implementations are thread-safe (panels of several symbols are built in parallel).
/// </summary>
public interface IForecastStore
{
    /// <summary>The stored forecast of bar <paramref name="decisionIndex"/> + 1, whose window has content address <paramref name="key"/>.</summary>
    bool TryGet(BarSeries series, int decisionIndex, ForecastKey key, out BarForecast forecast);

    /// <summary>Stores freshly computed forecasts; the three spans have equal length and line up element by element.</summary>
    void Add(BarSeries series, ReadOnlySpan<int> decisionIndices, ReadOnlySpan<ForecastKey> keys, ReadOnlySpan<BarForecast> forecasts);
}
