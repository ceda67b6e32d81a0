namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>The fake account's money fields; served as Alpaca's account object (numbers as strings).</summary>
public sealed class FakeAccount
{
    public decimal Cash { get; set; } = 100_000m;

    public decimal BuyingPower { get; set; } = 200_000m;

    public decimal NonMarginableBuyingPower { get; set; } = 100_000m;

    public decimal Equity { get; set; } = 100_000m;

    public decimal LastEquity { get; set; } = 100_000m;

    public decimal Multiplier { get; set; } = 2m;

    public decimal LongMarketValue { get; set; }

    public decimal ShortMarketValue { get; set; }
}
