namespace Kairos.Core.Trading;

/// <summary>An order as the broker reports it.</summary>
public sealed record Order
{
    public required string Id { get; init; }

    public required string ClientOrderId { get; init; }

    public required Instrument Instrument { get; init; }

    public OrderSide Side { get; init; }

    public OrderType Type { get; init; }

    public TimeInForce TimeInForce { get; init; }

    public decimal Quantity { get; init; }

    public decimal? LimitPrice { get; init; }

    public OrderStatus Status { get; init; }

    public decimal FilledQuantity { get; init; }

    /// <summary>Volume-weighted price of the fills so far; null before the first fill.</summary>
    public decimal? AverageFillPrice { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Why the broker refused or cancelled the order, in its words.</summary>
    public string? RejectReason { get; init; }

    public decimal RemainingQuantity => Quantity - FilledQuantity;
}
