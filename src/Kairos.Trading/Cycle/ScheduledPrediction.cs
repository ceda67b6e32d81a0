using Kairos.Core;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Cycle;

/// <summary>
/// One symbol's slot in a cycle's analysis: the bars it is analysed on, the policy's decision and, when the decision is to
/// reuse, the analysis (backtest and forecast) made at <see cref="ForecastAt"/> that this cycle trades on.
/// </summary>
public sealed record ScheduledPrediction(
    BarSeries Series,
    RePredictionDecision Decision,
    BacktestOutcome? Reused,
    DateTimeOffset ForecastAt,
    PredictionTier Tier,
    decimal Price,
    double? Volatility)
{
    public Instrument Instrument => Series.Instrument;
}
