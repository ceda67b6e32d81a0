namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>A position held by the fake server; <see cref="Symbol"/> is the position form (<c>BTCUSD</c>), qty signed.</summary>
public sealed class FakePosition
{
    public required string Symbol { get; init; }

    public required string AssetClass { get; init; }

    public decimal Qty { get; set; }

    public decimal AvgEntryPrice { get; set; }

    public decimal CurrentPrice { get; set; }
}
