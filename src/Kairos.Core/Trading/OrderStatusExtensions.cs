namespace Kairos.Core.Trading;

/// <summary>Helpers on <see cref="OrderStatus"/>.</summary>
public static class OrderStatusExtensions
{
    /// <summary>True while the order can still fill.</summary>
    public static bool IsOpen(this OrderStatus status) => status is OrderStatus.New or OrderStatus.PartiallyFilled;
}
