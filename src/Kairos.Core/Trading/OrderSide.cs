namespace Kairos.Core.Trading;

/// <summary>Direction of an order or fill.</summary>
public enum OrderSide
{
    Buy,
    Sell,
}
