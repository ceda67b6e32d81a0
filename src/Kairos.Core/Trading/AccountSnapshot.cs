namespace Kairos.Core.Trading;

/// <summary>
/// The account as the broker reports it at <see cref="AsOf"/>. Sizing always reads a fresh snapshot at decision time
/// (the Python bot sized from equity fetched once at start-up, spec §1.1 — a defect fixed here).
/// </summary>
public sealed record AccountSnapshot
{
    public decimal Cash { get; init; }

    /// <summary>Cash plus the signed market value of every position.</summary>
    public decimal Equity { get; init; }

    /// <summary>Equity at the previous session's close (day P&amp;L = Equity − LastEquity).</summary>
    public decimal LastEquity { get; init; }

    /// <summary>What the account may still buy on margin (equities).</summary>
    public decimal BuyingPower { get; init; }

    /// <summary>What the account may buy without margin (crypto is not marginable).</summary>
    public decimal NonMarginableBuyingPower { get; init; }

    /// <summary>Margin multiplier (1 cash account, 2 Reg-T margin).</summary>
    public decimal Multiplier { get; init; } = 1m;

    public decimal LongMarketValue { get; init; }

    /// <summary>Negative or zero.</summary>
    public decimal ShortMarketValue { get; init; }

    public DateTimeOffset AsOf { get; init; }

    /// <summary>Sum of absolute position values.</summary>
    public decimal GrossExposure => LongMarketValue - ShortMarketValue;
}
