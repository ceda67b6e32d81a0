namespace Kairos.Trading.Prediction;

/// <summary>
/// The freshness guarantee of the order path: an order is never placed on a forecast older than its limit. The order path
/// calls <see cref="Check"/> before it places an order and records <see cref="Describe"/> with the decision.
/// </summary>
public static class ForecastFreshness
{
    /// <summary>
    /// Fresh when 0 ≤ now − forecastAt ≤ maxAge: a forecast exactly at the limit is not older than it. A forecast dated
    /// after now is refused too (a broken clock or a mixed-up record must not trade).
    /// </summary>
    public static FreshnessVerdict Check(DateTimeOffset forecastAt, DateTimeOffset now, TimeSpan maxAge)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "The forecast age limit must be positive.");
        }

        var age = now - forecastAt;
        if (age < TimeSpan.Zero)
        {
            return new(false, age, $"forecast dated {PredictionText.Minutes(-age)} after now");
        }

        return age > maxAge
            ? new(false, age, $"forecast {PredictionText.Minutes(age)} old > {PredictionText.Minutes(maxAge)} limit")
            : new(true, age, null);
    }

    /// <summary>The forecast's age for the decision record, e.g. "forecast age 12 min".</summary>
    public static string Describe(FreshnessVerdict verdict) => verdict.Reason ?? $"forecast age {PredictionText.Minutes(verdict.Age)}";
}
