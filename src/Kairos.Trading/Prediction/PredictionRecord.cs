namespace Kairos.Trading.Prediction;

/// <summary>
/// What the policy remembers about a symbol's last forecast: when it was made, on which cycle, at which price, with which
/// realised volatility and in which tier. A reused forecast keeps its record, so price drift accumulates against the price
/// the forecast was made at.
/// </summary>
public sealed record PredictionRecord
{
    public PredictionRecord(string symbol, DateTimeOffset forecastAt, long cycle, decimal price, double? volatility, PredictionTier tier)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        if (volatility is { } v && (!double.IsFinite(v) || v < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(volatility), volatility, "Realised volatility must be finite and not negative.");
        }

        Symbol = symbol.Trim().ToUpperInvariant();
        ForecastAt = forecastAt;
        Cycle = cycle;
        Price = price;
        Volatility = volatility;
        Tier = tier;
    }

    public string Symbol { get; }

    /// <summary>The instant the forecast was made; its age is measured from here.</summary>
    public DateTimeOffset ForecastAt { get; }

    /// <summary>The cycle number the forecast was made on; tier schedules count cycles from here.</summary>
    public long Cycle { get; }

    /// <summary>The price the forecast was made at; price moves are measured from here.</summary>
    public decimal Price { get; }

    /// <summary>Daily realised volatility (standard deviation of daily returns, a fraction) when the forecast was made.</summary>
    public double? Volatility { get; }

    public PredictionTier Tier { get; }
}
