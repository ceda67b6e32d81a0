namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>An order held by the fake server, in Alpaca's vocabulary (symbols as sent: <c>BTC/USD</c>, <c>AAPL</c>).</summary>
public sealed class FakeOrder
{
    public required string Id { get; init; }

    public required string ClientOrderId { get; init; }

    public required string Symbol { get; init; }

    public required string AssetClass { get; init; }

    public required string Side { get; init; }

    public required string Type { get; init; }

    public required string TimeInForce { get; set; }

    public decimal Qty { get; set; }

    public decimal? LimitPrice { get; set; }

    public decimal FilledQty { get; set; }

    public decimal? FilledAvgPrice { get; set; }

    public string Status { get; set; } = "new";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FilledAt { get; set; }

    public DateTimeOffset? CanceledAt { get; set; }

    public DateTimeOffset? ReplacedAt { get; set; }

    public string? ReplacedBy { get; set; }

    public string? Replaces { get; init; }

    public bool IsOpen => Status is "new" or "accepted" or "pending_new" or "partially_filled";
}
