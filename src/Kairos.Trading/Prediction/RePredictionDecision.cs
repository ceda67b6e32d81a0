namespace Kairos.Trading.Prediction;

/// <summary>
/// The policy's answer for one symbol on one cycle. <see cref="Reason"/> is for people and the decision record ("price
/// moved 2.1% ≥ 1.5%", "reuse: forecast 10 min old &lt; 30 min; …"). <see cref="ForecastAge"/> is the age of the last
/// forecast at the decision (null for a first forecast): the age of what a reuse trades on, or of what a re-prediction
/// replaces. <see cref="PriceMove"/> is |price − forecast price| / forecast price when the price rule measured it.
/// </summary>
public sealed record RePredictionDecision(
    string Symbol,
    bool Predict,
    RePredictionTrigger Trigger,
    string Reason,
    TimeSpan? ForecastAge,
    double? PriceMove);
