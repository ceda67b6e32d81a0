namespace Kairos.Trading.Prediction;

/// <summary>
/// The answer of <see cref="ForecastFreshness.Check"/>: whether an order may be placed on the forecast, its age (negative
/// for a forecast dated after now) and, when refused, why.
/// </summary>
public readonly record struct FreshnessVerdict(bool Fresh, TimeSpan Age, string? Reason);
