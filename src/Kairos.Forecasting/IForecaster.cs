using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// Forecasts bar t+1 from the bars up to and including bar t. A forecaster must be a pure function of the
/// <see cref="ContextLength"/> bars ending at t (their timestamps and values) and its settings, so that forecasts can be
/// memoised by window content (<see cref="ForecastMemo"/>).
/// </summary>
public interface IForecaster
{
    /// <summary>Identifies the forecaster and every setting that changes its output (model files, sampling, seed).</summary>
    string Identity { get; }

    /// <summary>How many trailing bars (ending at the decision bar) a forecast reads.</summary>
    int ContextLength { get; }

    /// <summary>The fewest bars (decision bar included) the forecaster accepts.</summary>
    int MinimumHistory { get; }

    /// <summary>
    /// Forecasts the bar after each decision index. Implementations may batch the windows (Kronos batches them into
    /// matrix products). <paramref name="decisionIndices"/> and <paramref name="forecasts"/> have equal length.
    /// </summary>
    void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken);
}
