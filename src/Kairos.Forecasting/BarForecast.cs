namespace Kairos.Forecasting;

/// <summary>
/// A one-step forecast of the next bar: the expected open, high, low and close (absolute prices) and the spread of the
/// forecast distribution for each (one standard deviation, in price units). Invariant: High ≥ max(Open, Close) and
/// Low ≤ min(Open, Close), Low &gt; 0.
/// </summary>
public readonly record struct BarForecast(
    double Open,
    double High,
    double Low,
    double Close,
    double OpenSpread,
    double HighSpread,
    double LowSpread,
    double CloseSpread);
