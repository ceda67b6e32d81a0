using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Backtesting.Tests.Support;

/// <summary>A forecaster that returns given forecasts by decision index and counts how often it is asked.</summary>
public sealed class FixedForecaster(IReadOnlyDictionary<int, BarForecast> byIndex, int contextLength = 1) : IForecaster
{
    public string Identity => "fixed";

    public int ContextLength => contextLength;

    public int MinimumHistory => 1;

    public int Calls { get; private set; }

    public int Windows { get; private set; }

    public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
    {
        Calls++;
        Windows += decisionIndices.Length;
        for (var i = 0; i < decisionIndices.Length; i++)
        {
            forecasts[i] = byIndex[decisionIndices[i]];
        }
    }

    /// <summary>A forecast with only the levels that matter to the strategies (open = close, spreads 0).</summary>
    public static BarForecast Levels(double high, double low, double close) => new(close, high, low, close, 0, 0, 0, 0);
}
