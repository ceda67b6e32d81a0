namespace Kairos.Core.Trading;

/// <summary>Life cycle of an order at the broker.</summary>
public enum OrderStatus
{
    /// <summary>Accepted and resting, nothing filled yet.</summary>
    New,

    PartiallyFilled,

    Filled,

    Canceled,

    Expired,

    /// <summary>Refused by the broker (insufficient buying power, invalid quantity or price, …); see <see cref="Order.RejectReason"/>.</summary>
    Rejected,
}
